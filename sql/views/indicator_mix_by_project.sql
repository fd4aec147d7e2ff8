-- indicator counts per project and 一级/二级 category, with the share of numeric targets.
create or replace view indicator_mix_by_project as
with counted as (
    select
        project_id,
        level1,
        level2,
        count(*) as indicator_count,
        count_if(is_quantitative) as quantitative_count
    from indicators
    group by
        project_id,
        level1,
        level2
)

select
    p.project_id,
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    c.level1,
    c.level2,
    c.indicator_count,
    c.quantitative_count,
    round(c.quantitative_count / c.indicator_count, 4) as quantitative_share
from counted as c
join projects as p
    on p.project_id = c.project_id;

comment on view indicator_mix_by_project is '各项目按一级/二级指标分类的指标数与定量占比 / indicator counts and numeric share per project and level';
comment on column indicator_mix_by_project.project_id is '项目编号 / stable project id';
comment on column indicator_mix_by_project.fiscal_year is '预算年度 / fiscal year';
comment on column indicator_mix_by_project.department is '主管部门 / supervising department';
comment on column indicator_mix_by_project.implementing_unit is '实施单位 / implementing unit';
comment on column indicator_mix_by_project.project_name is '项目名称 / project name';
comment on column indicator_mix_by_project.level1 is '一级指标（规范全称） / level-1 category, full form';
comment on column indicator_mix_by_project.level2 is '二级指标（规范全称） / level-2 category, full form';
comment on column indicator_mix_by_project.indicator_count is '指标数 / number of indicators';
comment on column indicator_mix_by_project.quantitative_count is '定量指标数（指标值有数值） / number with a numeric target';
comment on column indicator_mix_by_project.quantitative_share is '定量指标占比（0–1） / share of numeric targets (0-1)';
