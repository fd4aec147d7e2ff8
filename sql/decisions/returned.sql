-- findings returned to their unit (退回修改) that still stand, with the project and its
-- source, for the letters to the units. a returned finding the unit has since corrected
-- (resolved) is not asked for again.
select
    p.implementing_unit,
    p.department,
    p.fiscal_year,
    d.project_id,
    p.project_name,
    p.source_file,
    p.source_line,
    d.finding_id,
    d.rule_id,
    r.severity,
    r.message,
    d.comment,
    d.reviewer,
    d.decided_at
from current_decisions as d
join review_findings as r
    on r.finding_id = d.finding_id
left join projects as p
    on p.project_id = d.project_id
where d.decision = 'returned'
order by
    p.implementing_unit,
    p.fiscal_year,
    p.project_name,
    d.project_id,
    d.finding_id
