-- fund sums per fiscal year and department; the per-item lines are expanded by
-- pipelines/load/views.py.
create or replace view funds_by_department as
select
    fiscal_year,
    department,
    count(distinct implementing_unit) as unit_count,
    count(*) as project_count,
    sum({item}) as {item}  -- each fund item
from project_funds
group by
    fiscal_year,
    department;

comment on view funds_by_department is '按年度、主管部门汇总的项目资金（元） / fund sums per fiscal year and department (yuan)';
comment on column funds_by_department.fiscal_year is '预算年度 / fiscal year';
comment on column funds_by_department.department is '主管部门 / supervising department';
comment on column funds_by_department.unit_count is '实施单位数 / number of implementing units';
comment on column funds_by_department.project_count is '项目数 / number of projects';
comment on column funds_by_department.{item} is '{name}合计（元） / sum of {gloss} (yuan)';  -- each fund item
