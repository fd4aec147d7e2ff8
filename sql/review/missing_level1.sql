-- a project without any real indicator in a required 一级 category.
-- flat lists (no 一级/二级 columns at all) are not judged by level.
-- params: $levels (full 一级 names), $placeholders (names that mean "no indicator": 无, 不适用)
with leveled as (
    select distinct
        project_id
    from indicators
    where level1 is not null or level2 is not null
),

required as (
    select
        unnest($levels::varchar[]) as level1
),

present as (
    select distinct
        project_id,
        level1
    from indicators
    where not list_contains($placeholders::varchar[], trim(name))
),

missing as (
    select
        p.project_id,
        p.project_name,
        r.level1
    from projects as p
    semi join leveled as l
        on l.project_id = p.project_id
    cross join required as r
    anti join present as x
        on x.project_id = p.project_id
        and x.level1 = r.level1
)

select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」缺少一级指标「' || level1
        || '」；请按绩效指标框架补充至少一项该类指标并给出可考核的指标值' as message,
    json_object('missing_level1', level1)::varchar as details,
    json_object('missing_level1', level1)::varchar as subject
from missing
