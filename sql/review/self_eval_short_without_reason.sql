-- an indicator that falls short of its target (met is false) must state why: 偏差原因分析及
-- 改进措施 blank, or a placeholder (无, /, 不适用 ...), is reported.
-- params: $placeholders
select
    project_id,
    evaluation_id,
    seq as indicator_seq,
    form_label || '的指标「' || name || '」未达到指标值「' || coalesce(target_raw, '') || '」（实际完成值「'
        || coalesce(actual_raw, '未填') || '」），却未说明偏差原因；请填写偏差原因分析及改进措施'
        as message,
    json_object(
        'target_raw', target_raw, 'actual_raw', actual_raw, 'deviation_reason', deviation_reason
    )::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'level1', level1, 'level2', level2, 'name', name,
        'target_raw', target_raw, 'actual_raw', actual_raw,
        'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as subject
from evaluated_indicators
where not met
    and (
        nullif(trim(deviation_reason), '') is null
        or list_contains($placeholders::varchar[], trim(deviation_reason))
    )
