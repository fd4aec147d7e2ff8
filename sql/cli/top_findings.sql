select
    rule_id,
    severity,
    count(*) as findings,
    any_value(message) as example
from review_findings
group by rule_id, severity
order by
    case severity when 'error' then 1 when 'warning' then 2 else 3 end,
    findings desc
limit 20
