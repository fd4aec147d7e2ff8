-- department indicators with the fiscal year of their department target.
select
    i.*,
    d.fiscal_year
from main.department_indicators as i
left join main.department_targets as d
    on d.target_id = i.target_id
