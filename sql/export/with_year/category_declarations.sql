-- declarations with the fiscal year of their owner: a project or a department target,
-- as owner_kind says (both joins are on primary keys).
select
    c.*,
    coalesce(p.fiscal_year, d.fiscal_year) as fiscal_year
from main.category_declarations as c
left join main.projects as p
    on c.owner_kind = 'project'
    and p.project_id = c.owner_id
left join main.department_targets as d
    on c.owner_kind = 'department'
    and d.target_id = c.owner_id
