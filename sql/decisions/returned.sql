-- findings returned to their unit (退回修改) that still stand, with the project, where each
-- finding sits in its form and the department of the file, for the letters to the units.
-- a returned finding the unit has since corrected (resolved) is not asked for again.
-- the finding's place: its indicator's row, else the fund cell a fund rule is about, else
-- the form's first row.
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
    d.decided_at,
    fd.department as file_department,
    p.source_locator,
    coalesce(i.source_locator, fu.source_locator, p.source_locator) as finding_locator,
    coalesce(i.source_line, fu.source_line, p.source_line) as finding_line
from current_decisions as d
join review_findings as r
    on r.finding_id = d.finding_id
left join projects as p
    on p.project_id = d.project_id
left join indicators as i
    on i.project_id = d.project_id
    and i.seq = r.indicator_seq
left join fund_rules as fr
    on fr.rule_id = d.rule_id
left join funds as fu
    on fu.project_id = d.project_id
    and fu.item = fr.item
left join file_departments as fd
    on fd.source_file = p.source_file
where d.decision = 'returned'
order by
    p.implementing_unit,
    p.fiscal_year,
    p.project_name,
    d.project_id,
    d.finding_id
