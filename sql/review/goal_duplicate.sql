-- a goal text copied from other projects of the same fiscal year (whitespace ignored).
-- overall and annual goal of one project being equal is normal and not reported.
-- linear in the number of projects: each group of equal goals is sized once by a window,
-- never joined with itself, and a message names at most $max_listed of the others.
-- params: $min_length (shorter texts such as 无 are not compared), $max_listed
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

-- one row per project and group of equal goals, with the kinds of goal in that group; the
-- goals are compared by their md5, so windows and joins below carry 32 characters, not the
-- whole text
members as (
    select
        fiscal_year,
        md5(goal_text) as goal_key,
        project_id,
        project_name,
        string_agg(goal_kind, '、' order by goal_kind) as goal_kinds
    from goals
    where length(goal_text) >= $min_length
    group by all
),

ranked as (
    select
        *,
        count(*) over (partition by fiscal_year, goal_key) as member_count,
        row_number() over (
            partition by fiscal_year, goal_key order by project_name, project_id
        ) as name_rank
    from members
),

-- the first names of each group: enough to name $max_listed others of any member
first_names as (
    select
        fiscal_year,
        goal_key,
        list(
            {'project_id': project_id, 'project_name': project_name} order by name_rank
        ) as named
    from ranked
    where member_count > 1
        and name_rank <= $max_listed + 1
    group by all
),

shared as (
    select
        ranked.project_id,
        ranked.project_name,
        ranked.goal_kinds,
        ranked.goal_key,
        ranked.member_count - 1 as other_count,
        list_transform(
            list_filter(first_names.named, lambda n: n.project_id <> ranked.project_id)[1:$max_listed],
            lambda n: n.project_name
        ) as listed
    from ranked
    join first_names
        on first_names.fiscal_year = ranked.fiscal_year
        and first_names.goal_key = ranked.goal_key
)

select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」的' || goal_kinds || '与另外 ' || other_count::varchar
        || ' 个项目（「' || array_to_string(listed, '」「') || '」'
        || case when other_count > len(listed) then '等' else '' end
        || '）的目标文字完全相同；'
        || '请按本项目的内容、规模和预期效果分别填写' as message,
    json_object(
        'goal_kinds', goal_kinds,
        'other_count', other_count,
        'other_projects', array_to_string(listed, '」「')
    )::varchar as details,
    json_object('goal_kinds', goal_kinds, 'goal_md5', goal_key)::varchar as subject
from shared
