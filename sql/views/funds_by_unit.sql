-- fund sums per fiscal year, department and implementing unit.
create or replace view funds_by_unit as
select
    fiscal_year,
    department,
    implementing_unit,
    count(*) as project_count,
    sum(total) as total,
    sum(fiscal) as fiscal,
    sum(other) as other,
    sum(annual_total) as annual_total,
    sum(annual_appropriation) as annual_appropriation,
    sum(carryover) as carryover,
    sum(annual_other) as annual_other
from project_funds
group by
    fiscal_year,
    department,
    implementing_unit;

comment on view funds_by_unit is '按年度、主管部门、实施单位汇总的项目资金（元） / fund sums per fiscal year, department and implementing unit (yuan)';
comment on column funds_by_unit.fiscal_year is '预算年度 / fiscal year';
comment on column funds_by_unit.department is '主管部门 / supervising department';
comment on column funds_by_unit.implementing_unit is '实施单位 / implementing unit';
comment on column funds_by_unit.project_count is '项目数 / number of projects';
comment on column funds_by_unit.total is '项目资金总额合计（元） / sum of project total funds (yuan)';
comment on column funds_by_unit.fiscal is '财政资金合计（元） / sum of fiscal funds (yuan)';
comment on column funds_by_unit.other is '其他资金合计（元） / sum of other funds (yuan)';
comment on column funds_by_unit.annual_total is '年度资金申请总额合计（元） / sum of annual funds requested (yuan)';
comment on column funds_by_unit.annual_appropriation is '当年财政拨款合计（元） / sum of this year''s appropriations (yuan)';
comment on column funds_by_unit.carryover is '上年结转资金合计（元） / sum of carry-over funds (yuan)';
comment on column funds_by_unit.annual_other is '年度其他资金合计（元） / sum of other annual funds (yuan)';
