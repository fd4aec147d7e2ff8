-- one row per project with each fund item as a column; the base of the funds_by_* views.
-- a line ending in "each fund item" is written once per item of the parser's list
-- (pipelines/parse/records.py FUND_ITEMS, expanded by pipelines/load/views.py), so an item the
-- parser learns becomes a column here and in every funds_by_* view without editing them.
create or replace view project_funds as
with amounts as (
    select
        project_id,
        max(amount_yuan) filter (where item = '{item}') as {item}  -- each fund item
    from funds
    group by project_id
)

select
    p.project_id,
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    a.{item},  -- each fund item
    coalesce(p.implementing_unit, p.department) as unit,
    case
        when p.implementing_unit is not null then 'implementing_unit'
        when p.department_source in ('form', 'title') then 'department'
        when p.department is not null then 'document'
    end as unit_source
from projects as p
left join amounts as a
    on a.project_id = p.project_id;

comment on view project_funds is '项目资金宽表：每个项目一行，各资金项目一列（元） / one row per project, one column per fund item (yuan)';
comment on column project_funds.project_id is '项目编号 / stable project id';
comment on column project_funds.fiscal_year is '预算年度 / fiscal year';
comment on column project_funds.department is '主管部门 / supervising department';
comment on column project_funds.implementing_unit is '实施单位 / implementing unit';
comment on column project_funds.project_name is '项目名称 / project name';
comment on column project_funds.{item} is '{name}（元），空白为 null / {gloss} (yuan), null when blank';  -- each fund item
comment on column project_funds.unit is '归属单位：实施单位，未填时为主管部门 / the unit the money belongs to: the implementing unit, else the department';
comment on column project_funds.unit_source is 'unit 的来源：implementing_unit 实施单位，department 表上（或表题中）的主管部门，document 文档其他位置（如封面）的部门 / where unit was read';
