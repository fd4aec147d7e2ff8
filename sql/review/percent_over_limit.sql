-- a percentage target that must reach more than 100%: usually a count typed as a rate.
-- upper bounds (≤120%) are fine, e.g. a cost ceiling.
-- params: $percent_units, $max_percent
select
    project_id,
    seq as indicator_seq,
    '指标「' || name || '」的指标值「' || target_raw || '」超过 ' || $max_percent::varchar
        || '%；比率类指标一般不超过 ' || $max_percent::varchar
        || '%，请核对是否把数量写成了百分比或多填了数字' as message,
    json_object(
        'target_raw', target_raw,
        'target_value', target_value,
        'target_unit', target_unit
    )::varchar as details,
    json_object('level1', level1, 'level2', level2, 'name', name, 'target_raw', target_raw)::varchar as subject
from indicators
where list_contains($percent_units::varchar[], target_unit)
    and target_value > $max_percent
    and coalesce(target_op, '=') in ('=', '>=', '>')
