-- findings returned to their unit (退回修改) that still stand, with the project, where each
-- finding sits in its form and the department of the file, for the letters to the units.
-- a returned finding the unit has since corrected (resolved) is not asked for again.
-- the finding's place: its indicator's row, else the fund cell a fund rule is about, else
-- the form's first row. a finding on a self-evaluation (review_findings.evaluation_id) takes
-- the self-evaluation's units, page and indicator row instead of the declared form's.
-- params: $fund_items (list of {rule_id, item}: the fund item each fund rule checks)
with fund_rules as (
    select unnest($fund_items, recursive := true)
),

-- the department a disclosure is from, when the file prints exactly one department-wide
-- form: the addressee of its projects that name neither 实施单位 nor 主管部门
file_departments as (
    select
        source_file,
        min(department) as department
    from department_targets
    where target_kind = 'department'
    group by source_file
    having count(distinct department) = 1
)

select
    coalesce(se.implementing_unit, p.implementing_unit) as implementing_unit,
    coalesce(se.department, dse.department, p.department) as department,
    coalesce(se.fiscal_year, dse.fiscal_year, p.fiscal_year) as fiscal_year,
    d.project_id,
    coalesce(se.project_name, dse.form_title, p.project_name) as project_name,
    coalesce(se.source_file, dse.source_file, p.source_file) as source_file,
    coalesce(se.source_line, dse.source_line, p.source_line) as source_line,
    d.finding_id,
    d.rule_id,
    r.severity,
    r.message,
    d.comment,
    d.reviewer,
    d.decided_at,
    fd.department as file_department,
    coalesce(se.source_locator, dse.source_locator, p.source_locator) as source_locator,
    coalesce(si.source_locator, di.source_locator, i.source_locator, fu.source_locator,
             se.source_locator, dse.source_locator, p.source_locator) as finding_locator,
    coalesce(si.source_line, di.source_line, i.source_line, fu.source_line,
             se.source_line, dse.source_line, p.source_line) as finding_line
from current_decisions as d
join review_findings as r
    on r.finding_id = d.finding_id
-- a finding on a self-evaluation (evaluation_id) is about that form, never the declared one
left join projects as p
    on p.project_id = d.project_id
    and r.evaluation_id is null
left join indicators as i
    on i.project_id = d.project_id
    and i.seq = r.indicator_seq
    and r.evaluation_id is null
left join fund_rules as fr
    on fr.rule_id = d.rule_id
left join funds as fu
    on fu.project_id = d.project_id
    and fu.item = fr.item
    and r.evaluation_id is null
left join self_evaluations as se
    on se.evaluation_id = r.evaluation_id
left join department_self_evaluations as dse
    on dse.evaluation_id = r.evaluation_id
left join self_evaluation_indicators as si
    on si.evaluation_id = r.evaluation_id
    and si.seq = r.indicator_seq
left join department_self_evaluation_indicators as di
    on di.evaluation_id = r.evaluation_id
    and di.seq = r.indicator_seq
left join file_departments as fd
    on fd.source_file = coalesce(se.source_file, dse.source_file, p.source_file)
where d.decision = 'returned'
order by
    implementing_unit,
    fiscal_year,
    project_name,
    d.project_id,
    d.finding_id
