-- a numeric target without a unit: "=5" of what? a unit in the name, PAD采购成本（元/台）, counts.
-- params: none
select
    project_id,
    seq as indicator_seq,
    '指标「' || name || '」的指标值「' || coalesce(target_raw, '') || '」有数值但没有计量单位；'
        || '请补充单位（如 个、人次、%、万元），或在指标名称后注明' as message,
    json_object('target_raw', target_raw, 'target_value', target_value)::varchar as details,
    json_object('level1', level1, 'level2', level2, 'name', name, 'target_raw', target_raw)::varchar as subject
from indicators
where target_value is not null
    and coalesce(trim(target_unit), '') = ''
    and not regexp_matches(name, '[（(][^（()）]+[）)]\s*$')
