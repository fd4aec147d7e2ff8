-- department tasks with the fiscal year of their department target (target_id is the
-- primary key of department_targets: no row dropped or repeated).
select
    t.*,
    d.fiscal_year
from main.department_tasks as t
left join main.department_targets as d
    on d.target_id = t.target_id
