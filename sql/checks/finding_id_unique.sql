-- finding ids that occur more than once: a decision must name exactly one finding.
select
    finding_id,
    count(*) as row_count
from review_findings
group by finding_id
having count(*) > 1
