-- one fund amount larger than an amount that bounds it (the year's request above the project total).
-- params: $item, $item_label, $limit_item, $limit_label
with pairs as (
    select
        a.project_id,
        a.amount_yuan as amount,
        l.amount_yuan as limit_amount
    from funds as a
    join funds as l
        on l.project_id = a.project_id
        and l.item = $limit_item
    where a.item = $item
        and a.amount_yuan > l.amount_yuan
)

select
    x.project_id,
    null::integer as indicator_seq,
    '项目「' || p.project_name || '」' || $item_label || ' ' || x.amount::varchar || ' 元大于'
        || $limit_label || ' ' || x.limit_amount::varchar || ' 元（超出 '
        || (x.amount - x.limit_amount)::varchar || ' 元）；请核对两项金额' as message,
    json_object(
        'item', $item,
        'amount', x.amount::varchar,
        'limit_item', $limit_item,
        'limit_amount', x.limit_amount::varchar
    )::varchar as details,
    json_object('item', $item, 'amount', x.amount::varchar, 'limit_item', $limit_item, 'limit_amount', x.limit_amount::varchar)::varchar as subject
from pairs as x
join projects as p
    on p.project_id = x.project_id
