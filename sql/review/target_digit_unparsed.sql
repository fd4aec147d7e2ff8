-- a target that contains a digit but has no parsed value: an unusual format, or a date target.
-- params: none
select
    project_id,
    seq as indicator_seq,
    '指标「' || name || '」的指标值「' || target_raw || '」含有数字但未能解析为数值；'
        || '请按「运算符+数值+单位」填写（如 ≥5(个)、≤24(小时)），以便考核' as message,
    json_object('target_raw', target_raw)::varchar as details,
    json_object('level1', level1, 'level2', level2, 'name', name, 'target_raw', target_raw)::varchar as subject
from indicators
where target_value is null
    and regexp_matches(coalesce(target_raw, ''), '[0-9０-９]')
