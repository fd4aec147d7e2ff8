-- review findings per rule and severity, errors first, with how many projects each touches
-- and one example message; at most $max_rules rows (there are about twenty rules). severities
-- rank by their place in $severities, the one list (pipelines.core.id_labels.SEVERITIES).
select
    rule_id,
    severity,
    count(*) as finding_count,
    count(distinct project_id) as project_count,
    left(min(message), 200) as example
from review_findings
group by
    rule_id,
    severity
order by
    list_position($severities, severity) nulls last,
    finding_count desc,
    rule_id
limit $max_rules
