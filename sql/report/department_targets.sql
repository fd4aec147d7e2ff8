-- department-wide targets (部门整体绩效目标表, 专项资金整体绩效目标表): one row per target,
-- newest year first, with its budget, tasks and indicators; at most $row_limit rows.
select
    s.target_id,
    s.fiscal_year,
    s.department,
    d.target_kind,
    s.budget_total_yuan,
    s.task_count,
    s.indicator_count,
    s.quantitative_count,
    d.source_file,
    d.source_line,
    d.source_locator,
    count(*) over () as target_total
from department_scorecard as s
join department_targets as d
    on d.target_id = s.target_id
order by
    s.fiscal_year desc nulls last,
    s.department,
    s.target_id
limit $row_limit
