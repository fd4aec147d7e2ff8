-- fund sums per fiscal year, department and unit: the implementing unit, else the department
-- the form names, else the department of the document (unit_source says which), so every
-- project's money belongs to someone.  the per-item lines are expanded by pipelines/load/views.py.
create or replace view funds_by_unit as
select
    fiscal_year,
    department,
    implementing_unit,
    count(*) as project_count,
    sum({item}) as {item},  -- each fund item
    unit,
    unit_source
from project_funds
group by
    fiscal_year,
    department,
    implementing_unit,
    unit,
    unit_source;

comment on view funds_by_unit is '按年度、主管部门、单位汇总的项目资金（元） / fund sums per fiscal year, department and unit (yuan)';
comment on column funds_by_unit.fiscal_year is '预算年度 / fiscal year';
comment on column funds_by_unit.department is '主管部门 / supervising department';
comment on column funds_by_unit.implementing_unit is '实施单位，未填为 null / implementing unit, null when blank';
comment on column funds_by_unit.project_count is '项目数 / number of projects';
comment on column funds_by_unit.{item} is '{name}合计（元） / sum of {gloss} (yuan)';  -- each fund item
comment on column funds_by_unit.unit is '归属单位：实施单位，未填时为主管部门 / the implementing unit, else the department';
comment on column funds_by_unit.unit_source is 'unit 的来源：implementing_unit、department（表上的主管部门）或 document（文档的部门） / where unit was read';
