-- a 一级/二级 pair outside the known framework (财预〔2021〕101号 plus older variants).
-- flat lists (no 一级/二级 columns at all) are not judged by level.
-- params: $framework (list of {level1, level2})
with framework as (
    select
        unnest($framework, recursive := true)
),

leveled as (
    select distinct
        project_id
    from indicators
    where level1 is not null or level2 is not null
),

unknown as (
    select
        i.project_id,
        i.seq,
        i.name,
        i.level1,
        i.level2,
        i.level1_as_written,
        i.level2_as_written
    from indicators as i
    semi join leveled as l
        on l.project_id = i.project_id
    anti join framework as f
        on f.level1 = i.level1
        and f.level2 = i.level2
)

select
    project_id,
    seq as indicator_seq,
    '指标「' || name || '」的层级「' || coalesce(level1, '（空）') || ' / '
        || coalesce(level2, '（空）')
        || '」不在绩效指标框架内；请改用规范的一级/二级指标名称（如 产出指标 / 数量指标）'
        as message,
    json_object(
        'level1', level1,
        'level2', level2,
        'level1_as_written', level1_as_written,
        'level2_as_written', level2_as_written
    )::varchar as details,
    json_object('level1', level1, 'level2', level2, 'name', name, 'level1_as_written', level1_as_written, 'level2_as_written', level2_as_written)::varchar as subject
from unknown
