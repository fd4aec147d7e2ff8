-- fund sums per fiscal year and department.
create or replace view funds_by_department as
select
    fiscal_year,
    department,
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
group by
    fiscal_year,
    department;

comment on view funds_by_department is '按年度、主管部门汇总的项目资金（元） / fund sums per fiscal year and department (yuan)';
comment on column funds_by_department.fiscal_year is '预算年度 / fiscal year';
comment on column funds_by_department.department is '主管部门 / supervising department';
comment on column funds_by_department.unit_count is '实施单位数 / number of implementing units';
comment on column funds_by_department.project_count is '项目数 / number of projects';
comment on column funds_by_department.total is '项目资金总额合计（元） / sum of project total funds (yuan)';
comment on column funds_by_department.fiscal is '财政资金合计（元） / sum of fiscal funds (yuan)';
comment on column funds_by_department.other is '其他资金合计（元） / sum of other funds (yuan)';
comment on column funds_by_department.annual_total is '年度资金申请总额合计（元） / sum of annual funds requested (yuan)';
comment on column funds_by_department.annual_appropriation is '当年财政拨款合计（元） / sum of this year''s appropriations (yuan)';
comment on column funds_by_department.carryover is '上年结转资金合计（元） / sum of carry-over funds (yuan)';
comment on column funds_by_department.annual_other is '年度其他资金合计（元） / sum of other annual funds (yuan)';
