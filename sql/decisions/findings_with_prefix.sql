-- current findings whose id starts with $prefix (review decide accepts a unique prefix).
select distinct
    finding_id
from review_findings
where starts_with(finding_id, $prefix)
limit 2
