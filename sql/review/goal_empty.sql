-- a project with neither an overall goal nor an annual goal: the indicators have nothing to serve.
-- one of the two alone may be blank, as some templates have a single goal box.
-- params: $placeholders (texts that mean "nothing written")
with goals as (
    select
        project_id,
        project_name,
        coalesce(trim(overall_goal), '') as overall_goal,
        coalesce(trim(annual_goal), '') as annual_goal
    from projects
),

empty as (
    select
        *
    from goals
    where (overall_goal = '' or list_contains($placeholders::varchar[], overall_goal))
        and (annual_goal = '' or list_contains($placeholders::varchar[], annual_goal))
)

select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」未填写项目总目标和年度总体目标；'
        || '请写明项目要达到的产出和效果（数量、质量、时效、受益对象）' as message,
    json_object('overall_goal', overall_goal, 'annual_goal', annual_goal)::varchar as details,
    json_object('overall_goal', overall_goal, 'annual_goal', annual_goal)::varchar as subject
from empty
