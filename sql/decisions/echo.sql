-- review decide's echo: the finding ($finding_id), the project it is about and the
-- finding's current decision, as the command recorded or found it.
select
    r.finding_id,
    r.rule_id,
    r.severity,
    r.message,
    p.project_name,
    p.fiscal_year,
    p.implementing_unit,
    p.department,
    d.decision,
    d.comment,
    d.reviewer
from review_findings as r
left join projects as p
    on p.project_id = r.project_id
left join current_decisions as d
    on d.finding_id = r.finding_id
where r.finding_id = $finding_id
