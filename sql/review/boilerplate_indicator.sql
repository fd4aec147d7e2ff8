-- an indicator name copied verbatim into most projects of one implementing unit in one year
-- (长效管理机制健全性): a template filler rather than a target of this project.
-- params: $min_projects, $min_share (0..1), $exempt_level1 (levels where repetition is normal)
with unit_projects as (
    select
        fiscal_year,
        implementing_unit,
        count(*) as project_count
    from projects
    where implementing_unit is not null
    group by all
    having count(*) >= $min_projects
),

name_spread as (
    select
        p.fiscal_year,
        p.implementing_unit,
        i.name,
        count(distinct p.project_id) as projects_with_name
    from indicators as i
    join projects as p
        on p.project_id = i.project_id
    where not list_contains($exempt_level1::varchar[], coalesce(i.level1, ''))
    group by all
),

boilerplate as (
    select
        n.fiscal_year,
        n.implementing_unit,
        n.name,
        n.projects_with_name,
        u.project_count
    from name_spread as n
    join unit_projects as u
        on u.fiscal_year = n.fiscal_year
        and u.implementing_unit = n.implementing_unit
    where n.projects_with_name >= $min_share * u.project_count
)

select
    i.project_id,
    i.seq as indicator_seq,
    '指标「' || i.name || '」在' || b.implementing_unit || ' ' || b.fiscal_year::varchar
        || ' 年度的 ' || b.project_count::varchar || ' 个项目中有 '
        || b.projects_with_name::varchar
        || ' 个原样出现，疑为套用模板；请结合本项目的具体产出和效益设置指标' as message,
    json_object(
        'implementing_unit', b.implementing_unit,
        'project_count', b.project_count,
        'projects_with_name', b.projects_with_name
    )::varchar as details,
    json_object('level1', i.level1, 'level2', i.level2, 'name', i.name, 'implementing_unit', b.implementing_unit)::varchar as subject
from indicators as i
join projects as p
    on p.project_id = i.project_id
join boilerplate as b
    on b.fiscal_year = p.fiscal_year
    and b.implementing_unit = p.implementing_unit
    and b.name = i.name
where not list_contains($exempt_level1::varchar[], coalesce(i.level1, ''))
