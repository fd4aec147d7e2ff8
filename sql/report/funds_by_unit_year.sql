-- 年度资金 per implementing unit (the department when a form names none) and fiscal year.
-- the $top_units largest units keep their name, the rest become one row (is_other_unit), and
-- years older than the $max_years latest become one column, so the chart has the same size
-- for ten units or ten thousand.
with per_unit_year as (
    select
        coalesce(implementing_unit, department) as unit,
        fiscal_year,
        count(*) as project_count,
        count(annual_total) as annual_count,
        sum(annual_total) as annual_total,
        sum(total) as total
    from project_funds
    group by all
),

unit_rank as (
    select
        unit,
        row_number() over (
            order by sum(annual_total) desc nulls last, sum(project_count) desc, unit nulls last
        ) as unit_rank,
        count(*) over () as unit_total
    from per_unit_year
    group by unit
),

year_rank as (
    select
        fiscal_year,
        row_number() over (order by fiscal_year desc) as year_rank
    from per_unit_year
    group by fiscal_year
),

bucketed as (
    select
        least(u.unit_rank, $top_units + 1) as unit_rank,
        u.unit_rank > $top_units as is_other_unit,
        case when u.unit_rank <= $top_units then p.unit end as unit,
        u.unit_total,
        y.year_rank > $max_years as is_earlier_year,
        case when y.year_rank <= $max_years then p.fiscal_year end as fiscal_year,
        p.project_count,
        p.annual_count,
        p.annual_total,
        p.total
    from per_unit_year as p
    join unit_rank as u
        on u.unit is not distinct from p.unit
    join year_rank as y
        on y.fiscal_year = p.fiscal_year
)

select
    unit_rank,
    is_other_unit,
    unit,
    unit_total,
    is_earlier_year,
    fiscal_year,
    sum(project_count)::bigint as project_count,
    sum(annual_count)::bigint as annual_count,
    sum(annual_total) as annual_total,
    sum(total) as total
from bucketed
group by all
order by
    unit_rank,
    is_earlier_year desc,
    fiscal_year
