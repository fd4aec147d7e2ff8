-- a fund total that is not the exact sum of its parts (blank counts as 0, decimals exact).
-- only projects whose form fills at least one part are compared: a template that states
-- just the total (wide 项目支出绩效目标表) has no breakdown to add up.
-- params: $total_item, $total_label, $parts (list of {item, label} in form order)
with parts as (
    select
        unnest($parts) as part,
        generate_subscripts($parts, 1) as position
),

in_scope as (
    select distinct
        f.project_id
    from funds as f
    where f.item in (select part.item from parts)
),

totals as (
    select
        s.project_id,
        coalesce(f.amount_yuan, 0) as total_amount,
        coalesce(f.amount_yuan::varchar, '空白') as total_text
    from in_scope as s
    left join funds as f
        on f.project_id = s.project_id
        and f.item = $total_item
),

part_sums as (
    select
        s.project_id,
        sum(coalesce(f.amount_yuan, 0)) as parts_amount,
        string_agg(
            p.part.label || ' ' || coalesce(f.amount_yuan::varchar || ' 元', '空白'),
            ' + '
            order by p.position
        ) as parts_text
    from in_scope as s
    cross join parts as p
    left join funds as f
        on f.project_id = s.project_id
        and f.item = p.part.item
    group by s.project_id
),

compared as (
    select
        t.project_id,
        t.total_amount,
        t.total_text,
        s.parts_amount,
        s.parts_text,
        t.total_amount - s.parts_amount as difference
    from totals as t
    join part_sums as s
        on s.project_id = t.project_id
    where t.total_amount <> s.parts_amount
)

select
    c.project_id,
    null::integer as indicator_seq,
    '项目「' || p.project_name || '」' || $total_label || ' ' || c.total_text || ' 元 ≠ '
        || c.parts_text || '（合计 ' || c.parts_amount::varchar || ' 元），差额 '
        || c.difference::varchar || ' 元；请核对金额，空白项按 0 计' as message,
    json_object(
        'total_item', $total_item,
        'total', c.total_amount::varchar,
        'parts_sum', c.parts_amount::varchar,
        'difference', c.difference::varchar
    )::varchar as details,
    json_object('total_item', $total_item, 'total', c.total_amount::varchar, 'parts_sum', c.parts_amount::varchar)::varchar as subject
from compared as c
join projects as p
    on p.project_id = c.project_id
