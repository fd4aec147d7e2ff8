-- 年度资金 per fiscal year and unit (the 实施单位, else the department, as project_funds.unit;
-- computed here too, so the report reads a warehouse published before that column),
-- one chart per year, because different years' budgets are never added into one figure.
-- the $max_years latest years are drawn (older ones are in the per-year table only); within
-- a year the $top_units largest units keep their name and the rest become one row
-- (is_other_unit), so the page has the same size for ten units or ten thousand.
with per_unit_year as (
    select
        fiscal_year,
        coalesce(implementing_unit, department) as unit,
        bool_and(implementing_unit is not null) as is_implementing_unit,
        count(*) as project_count,
        count(annual_total) as annual_count,
        sum(annual_total) as annual_total,
        sum(total) as total
    from project_funds
    group by all
),

year_rank as (
    select
        fiscal_year,
        row_number() over (order by fiscal_year desc nulls last) as year_rank
    from per_unit_year
    group by fiscal_year
),

unit_rank as (
    select
        p.*,
        row_number() over (
            partition by p.fiscal_year
            order by p.annual_total desc nulls last, p.project_count desc, p.unit nulls last
        ) as unit_rank,
        count(*) over (partition by p.fiscal_year) as unit_total
    from per_unit_year as p
    join year_rank as y
        on y.fiscal_year is not distinct from p.fiscal_year
    where y.year_rank <= $max_years
)

select
    fiscal_year,
    least(unit_rank, $top_units + 1) as unit_rank,
    unit_rank > $top_units as is_other_unit,
    case when unit_rank <= $top_units then unit end as unit,
    bool_and(is_implementing_unit) as is_implementing_unit,
    unit_total,
    sum(project_count)::bigint as project_count,
    sum(annual_count)::bigint as annual_count,
    sum(annual_total) as annual_total,
    sum(total) as total
from unit_rank
group by all
order by
    fiscal_year desc nulls last,
    unit_rank
