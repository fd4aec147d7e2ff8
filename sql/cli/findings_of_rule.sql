select
    project_id,
    indicator_seq,
    severity,
    message
from review_findings
where rule_id = $1
order by project_id, indicator_seq
