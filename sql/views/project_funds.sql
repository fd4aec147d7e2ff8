-- one row per project with each fund item as a column; the base of the funds_by_* views.
create or replace view project_funds as
with amounts as (
    select
        project_id,
        max(amount_yuan) filter (where item = 'total') as total,
        max(amount_yuan) filter (where item = 'fiscal') as fiscal,
        max(amount_yuan) filter (where item = 'other') as other,
        max(amount_yuan) filter (where item = 'annual_total') as annual_total,
        max(amount_yuan) filter (where item = 'annual_appropriation') as annual_appropriation,
        max(amount_yuan) filter (where item = 'carryover') as carryover,
        max(amount_yuan) filter (where item = 'annual_other') as annual_other
    from funds
    group by project_id
)

select
    p.project_id,
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    a.total,
    a.fiscal,
    a.other,
    a.annual_total,
    a.annual_appropriation,
    a.carryover,
    a.annual_other
from projects as p
left join amounts as a
    on a.project_id = p.project_id;

comment on view project_funds is '项目资金宽表：每个项目一行，各资金项目一列（元） / one row per project, one column per fund item (yuan)';
comment on column project_funds.project_id is '项目编号 / stable project id';
comment on column project_funds.fiscal_year is '预算年度 / fiscal year';
comment on column project_funds.department is '主管部门 / supervising department';
comment on column project_funds.implementing_unit is '实施单位 / implementing unit';
comment on column project_funds.project_name is '项目名称 / project name';
comment on column project_funds.total is '项目资金总额（元），空白为 null / project total funds (yuan), null when blank';
comment on column project_funds.fiscal is '其中财政资金（元） / of which fiscal funds (yuan)';
comment on column project_funds.other is '其他资金（元） / other funds (yuan)';
comment on column project_funds.annual_total is '年度资金申请总额（元） / annual funds requested (yuan)';
comment on column project_funds.annual_appropriation is '其中当年财政拨款（元） / of which this year''s appropriation (yuan)';
comment on column project_funds.carryover is '上年结转资金（元） / carried over from last year (yuan)';
comment on column project_funds.annual_other is '年度其他资金（元） / other annual funds (yuan)';
