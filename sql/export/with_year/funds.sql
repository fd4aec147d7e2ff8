-- funds with the fiscal year of their project, for partitioning (project_id is the primary key
-- of projects, so the join neither drops nor repeats a row; an orphan gets a null year).
select
    f.*,
    p.fiscal_year
from main.funds as f
left join main.projects as p
    on p.project_id = f.project_id
