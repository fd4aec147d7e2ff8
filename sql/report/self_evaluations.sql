-- the self-evaluations (绩效自评) per unit and year for the report: the scorecard's figures and
-- how many evaluated targets differ from the declared ones; lowest share met first, at most
-- $row_limit rows.
with changed as (
    select
        fiscal_year,
        department,
        implementing_unit,
        count_if(target_changed) as changed_count
    from self_evaluation_vs_targets
    group by all
)

select
    s.fiscal_year,
    s.unit,
    s.evaluation_count,
    s.indicator_count,
    s.met_share,
    s.average_score,
    s.execution_rate,
    s.budget_yuan,
    s.executed_yuan,
    coalesce(c.changed_count, 0) as changed_count,
    count(*) over () as unit_total
from self_evaluation_scorecard as s
left join changed as c
    on c.fiscal_year = s.fiscal_year
    and c.department is not distinct from s.department
    and c.implementing_unit is not distinct from s.implementing_unit
order by
    s.met_share nulls last,
    s.fiscal_year desc,
    s.unit
limit $row_limit
