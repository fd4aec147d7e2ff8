-- indicators with a parsed numeric target, with project and unit columns, for charts.
create or replace view numeric_targets as
select
    p.project_id,
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    i.seq,
    i.level1,
    i.level2,
    i.name,
    i.target_op,
    i.target_value,
    i.target_unit,
    i.target_raw
from indicators as i
join projects as p
    on p.project_id = i.project_id
where i.target_value is not null;

comment on view numeric_targets is '有数值指标值的绩效指标（便于作图） / indicators with a numeric target, ready for charts';
comment on column numeric_targets.project_id is '项目编号 / stable project id';
comment on column numeric_targets.fiscal_year is '预算年度 / fiscal year';
comment on column numeric_targets.department is '主管部门 / supervising department';
comment on column numeric_targets.implementing_unit is '实施单位 / implementing unit';
comment on column numeric_targets.project_name is '项目名称 / project name';
comment on column numeric_targets.seq is '指标在项目内的序号 / indicator number within the project';
comment on column numeric_targets.level1 is '一级指标 / level-1 category';
comment on column numeric_targets.level2 is '二级指标 / level-2 category';
comment on column numeric_targets.name is '三级指标名称 / level-3 indicator name';
comment on column numeric_targets.target_op is '运算符（=, >=, <=, >, <） / comparison operator';
comment on column numeric_targets.target_value is '指标值数值 / numeric target value';
comment on column numeric_targets.target_unit is '计量单位 / unit of the target';
comment on column numeric_targets.target_raw is '指标值原文 / target as written';
