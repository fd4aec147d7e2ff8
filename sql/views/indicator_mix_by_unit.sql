-- indicator counts per implementing unit and 一级/二级 category, with the share of numeric targets.
create or replace view indicator_mix_by_unit as
select
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    i.level1,
    i.level2,
    count(distinct i.project_id) as project_count,
    count(*) as indicator_count,
    count_if(i.is_quantitative) as quantitative_count,
    round(count_if(i.is_quantitative) / count(*), 4) as quantitative_share
from indicators as i
join projects as p
    on p.project_id = i.project_id
group by
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    i.level1,
    i.level2;

comment on view indicator_mix_by_unit is '各实施单位按一级/二级指标分类的指标数与定量占比 / indicator counts and numeric share per unit and level';
comment on column indicator_mix_by_unit.fiscal_year is '预算年度 / fiscal year';
comment on column indicator_mix_by_unit.department is '主管部门 / supervising department';
comment on column indicator_mix_by_unit.implementing_unit is '实施单位 / implementing unit';
comment on column indicator_mix_by_unit.level1 is '一级指标（规范全称） / level-1 category, full form';
comment on column indicator_mix_by_unit.level2 is '二级指标（规范全称） / level-2 category, full form';
comment on column indicator_mix_by_unit.project_count is '有该类指标的项目数 / number of projects with indicators of this level';
comment on column indicator_mix_by_unit.indicator_count is '指标数 / number of indicators';
comment on column indicator_mix_by_unit.quantitative_count is '定量指标数（指标值有数值） / number with a numeric target';
comment on column indicator_mix_by_unit.quantitative_share is '定量指标占比（0–1） / share of numeric targets (0-1)';
