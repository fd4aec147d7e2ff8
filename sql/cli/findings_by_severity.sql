select
    severity,
    count(*) as findings
from review_findings
group by severity
