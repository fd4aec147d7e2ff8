-- the commonest findings for the Dagster UI, most severe first ($severities: the one list,
-- pipelines.core.id_labels.SEVERITIES).
select
    rule_id,
    severity,
    count(*) as findings,
    any_value(message) as example
from review_findings
group by rule_id, severity
order by
    list_position($severities, severity) nulls last,
    findings desc
limit 20
