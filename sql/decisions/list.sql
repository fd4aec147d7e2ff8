-- review list: current findings with their current decision; $open_only keeps the ones
-- without a decision, $unit (null: all) one implementing unit.
select
    r.finding_id,
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    r.indicator_seq,
    r.rule_id,
    r.severity,
    d.decision,
    d.reviewer,
    d.comment,
    r.message
from review_findings as r
left join projects as p
    on p.project_id = r.project_id
left join current_decisions as d
    on d.finding_id = r.finding_id
where (not $open_only or d.finding_id is null)
    and ($unit is null or p.implementing_unit = $unit)
order by
    case r.severity when 'error' then 1 when 'warning' then 2 when 'info' then 3 else 4 end,
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    r.indicator_seq nulls first,
    r.rule_id,
    r.finding_id
