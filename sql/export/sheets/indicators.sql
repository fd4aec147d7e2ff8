-- workbook sheet 绩效指标: every indicator with its project, in form order.
select
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    i.*
from main.indicators as i
left join main.projects as p
    on p.project_id = i.project_id
order by
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    i.project_id,
    i.seq
