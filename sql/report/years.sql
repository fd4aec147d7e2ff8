-- the money of each fiscal year on its own line (never one sum across years): projects,
-- how many filled each amount, 年度资金 and 项目资金总额, newest year first.
select
    fiscal_year,
    count(*) as project_count,
    count(distinct coalesce(implementing_unit, department)) as unit_count,
    count(annual_total) as annual_count,
    sum(annual_total) as annual_total,
    count(total) as total_count,
    sum(total) as total
from project_funds
group by fiscal_year
order by fiscal_year desc nulls last
