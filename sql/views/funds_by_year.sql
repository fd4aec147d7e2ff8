-- fund sums per fiscal year; the per-item lines are expanded by pipelines/load/views.py.
create or replace view funds_by_year as
select
    fiscal_year,
    count(distinct department) as department_count,
    count(distinct implementing_unit) as unit_count,
    count(*) as project_count,
    sum({item}) as {item}  -- each fund item
from project_funds
group by fiscal_year;

comment on view funds_by_year is '按预算年度汇总的项目资金（元） / fund sums per fiscal year (yuan)';
comment on column funds_by_year.fiscal_year is '预算年度 / fiscal year';
comment on column funds_by_year.department_count is '主管部门数 / number of departments';
comment on column funds_by_year.unit_count is '实施单位数 / number of implementing units';
comment on column funds_by_year.project_count is '项目数 / number of projects';
comment on column funds_by_year.{item} is '{name}合计（元） / sum of {gloss} (yuan)';  -- each fund item
