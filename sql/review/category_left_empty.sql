-- a 二级 category the template prints and the form leaves blank: no indicator under it and
-- no statement that it does not apply.  one finding per such declaration of a current project.
-- params: $owner_kind ('project'), $declaration ('listed_empty'),
--         $not_applicable ('not_applicable'), $placeholders (names that mean "no indicator")
with left_empty as (
    select
        d.project_id,
        d.seq,
        d.level1,
        d.level2,
        d.text_as_written,
        d.source_line
    from category_declarations as d
    where d.owner_kind = $owner_kind
        and d.declaration = $declaration
),

filled as (
    select
        project_id,
        level1,
        level2
    from indicators
    where not list_contains($placeholders::varchar[], trim(name))
),

declared_not_applicable as (
    select
        project_id,
        level1,
        level2
    from category_declarations
    where owner_kind = $owner_kind
        and declaration = $not_applicable
),

unanswered as (
    select
        e.*
    from left_empty as e
    anti join filled as f
        on f.project_id = e.project_id
        and (f.level2 = e.level2 or (e.level2 is null and f.level1 = e.level1))
    anti join declared_not_applicable as n
        on n.project_id = e.project_id
        and (n.level2 = e.level2 or (e.level2 is null and n.level1 = e.level1))
)

select
    u.project_id,
    null::integer as indicator_seq,
    '项目「' || p.project_name || '」表中列出了指标类别「'
        || coalesce(u.level1 || ' / ', '') || coalesce(u.level2, '（未命名）')
        || '」但未填写任何三级指标，也未注明不适用；请补充该类指标，或写明不适用及理由'
        as message,
    json_object(
        'level1', u.level1,
        'level2', u.level2,
        'text_as_written', u.text_as_written,
        'source_line', u.source_line
    )::varchar as details,
    json_object('level1', u.level1, 'level2', u.level2)::varchar as subject
from unanswered as u
join projects as p
    on p.project_id = u.project_id
order by
    u.project_id,
    u.seq
