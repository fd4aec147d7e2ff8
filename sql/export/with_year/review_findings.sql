-- review findings with the fiscal year of their project (see funds.sql).
select
    r.*,
    p.fiscal_year
from main.review_findings as r
left join main.projects as p
    on p.project_id = r.project_id
