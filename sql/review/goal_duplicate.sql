-- a goal text copied from another project of the same fiscal year (whitespace ignored).
-- overall and annual goal of one project being equal is normal and not reported.
-- params: $min_length (shorter texts such as 无 are not compared)
with goals as (
    select
        project_id,
        project_name,
        fiscal_year,
        '项目总目标' as goal_kind,
        regexp_replace(coalesce(overall_goal, ''), '\s+', '', 'g') as goal_text
    from projects
    union all
    select
        project_id,
        project_name,
        fiscal_year,
        '年度总体目标' as goal_kind,
        regexp_replace(coalesce(annual_goal, ''), '\s+', '', 'g') as goal_text
    from projects
),

usable as (
    select
        *
    from goals
    where length(goal_text) >= $min_length
),

shared as (
    select
        a.project_id,
        a.project_name,
        string_agg(distinct a.goal_kind, '、' order by a.goal_kind) as goal_kinds,
        string_agg(distinct b.project_name, '」「' order by b.project_name) as other_projects,
        count(distinct b.project_id) as other_count
    from usable as a
    join usable as b
        on b.fiscal_year = a.fiscal_year
        and b.goal_text = a.goal_text
        and b.project_id <> a.project_id
    group by
        a.project_id,
        a.project_name
)

select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」的' || goal_kinds || '与另外 ' || other_count::varchar
        || ' 个项目（「' || other_projects || '」）的目标文字完全相同；'
        || '请按本项目的内容、规模和预期效果分别填写' as message,
    json_object('goal_kinds', goal_kinds, 'other_projects', other_projects)::varchar as details
from shared
