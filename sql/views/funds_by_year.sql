-- fund sums per fiscal year.
create or replace view funds_by_year as
select
    fiscal_year,
    count(distinct department) as department_count,
    count(distinct implementing_unit) as unit_count,
    count(*) as project_count,
    sum(total) as total,
    sum(fiscal) as fiscal,
    sum(other) as other,
    sum(annual_total) as annual_total,
    sum(annual_appropriation) as annual_appropriation,
    sum(carryover) as carryover,
    sum(annual_other) as annual_other
from project_funds
group by fiscal_year;

comment on view funds_by_year is '按预算年度汇总的项目资金（元） / fund sums per fiscal year (yuan)';
comment on column funds_by_year.fiscal_year is '预算年度 / fiscal year';
comment on column funds_by_year.department_count is '主管部门数 / number of departments';
comment on column funds_by_year.unit_count is '实施单位数 / number of implementing units';
comment on column funds_by_year.project_count is '项目数 / number of projects';
comment on column funds_by_year.total is '项目资金总额合计（元） / sum of project total funds (yuan)';
comment on column funds_by_year.fiscal is '财政资金合计（元） / sum of fiscal funds (yuan)';
comment on column funds_by_year.other is '其他资金合计（元） / sum of other funds (yuan)';
comment on column funds_by_year.annual_total is '年度资金申请总额合计（元） / sum of annual funds requested (yuan)';
comment on column funds_by_year.annual_appropriation is '当年财政拨款合计（元） / sum of this year''s appropriations (yuan)';
comment on column funds_by_year.carryover is '上年结转资金合计（元） / sum of carry-over funds (yuan)';
comment on column funds_by_year.annual_other is '年度其他资金合计（元） / sum of other annual funds (yuan)';
