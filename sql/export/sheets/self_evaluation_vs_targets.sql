-- workbook sheet 目标与自评: each evaluated indicator beside its declared target, the changed
-- targets first (what auditors look at first), then by year, unit, project and form order.
select *
from main.self_evaluation_vs_targets
order by
    target_changed is not true,
    fiscal_year,
    implementing_unit,
    project_name,
    evaluation_id,
    seq
