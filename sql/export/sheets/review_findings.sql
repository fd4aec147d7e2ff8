-- workbook sheet 审核发现: every finding with the project it is about, errors first.
select
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    r.*
from main.review_findings as r
left join main.projects as p
    on p.project_id = r.project_id
order by
    case r.severity when 'error' then 1 when 'warning' then 2 when 'info' then 3 else 4 end,
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    r.project_id,
    r.indicator_seq nulls first,
    r.rule_id,
    r.message,
    r.details
