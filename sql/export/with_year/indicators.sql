-- indicators with the fiscal year of their project (see funds.sql).
select
    i.*,
    p.fiscal_year
from main.indicators as i
left join main.projects as p
    on p.project_id = i.project_id
