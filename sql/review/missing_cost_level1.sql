-- a project expected to declare 成本指标 that has none.
-- expected by template (the form has a 成本 row: $templates) or, for other templates, by year
-- (财预〔2021〕101号 made cost targets part of the framework from $from_year); $basis picks which.
-- the older layout with 成本指标 as an 二级 under 产出指标 counts as present.
-- flat lists (no 一级/二级 columns at all) are not judged by level.
-- params: $cost_names, $templates, $from_year, $basis ('template' | 'year'), $placeholders
with leveled as (
    select distinct
        project_id
    from indicators
    where level1 is not null or level2 is not null
),

expected as (
    select
        p.project_id,
        p.project_name,
        p.fiscal_year,
        p.template,
        case
            when list_contains($templates::varchar[], p.template) then 'template'
            when p.fiscal_year >= $from_year then 'year'
        end as basis
    from projects as p
    semi join leveled as l
        on l.project_id = p.project_id
),

has_cost as (
    select distinct
        project_id
    from indicators
    where (
            list_contains($cost_names::varchar[], level1)
            or list_contains($cost_names::varchar[], level2)
        )
        and not list_contains($placeholders::varchar[], trim(name))
),

missing as (
    select
        e.*
    from expected as e
    anti join has_cost as c
        on c.project_id = e.project_id
    where e.basis = $basis
)

select
    project_id,
    null::integer as indicator_seq,
    case basis
        when 'template' then
            '项目「' || project_name || '」使用「' || template
            || '」模板，但未填写成本指标；请补充经济成本、社会成本或生态环境成本指标（如 单位成本 ≤X 元）'
        else
            '项目「' || project_name || '」为 ' || fiscal_year::varchar
            || ' 年度项目，未设置成本指标；按财预〔2021〕101号 宜补充成本控制目标，所用模板无成本栏目时可忽略'
    end as message,
    json_object('basis', basis, 'template', template, 'fiscal_year', fiscal_year)::varchar as details,
    json_object('basis', basis, 'template', template, 'fiscal_year', fiscal_year)::varchar as subject
from missing
