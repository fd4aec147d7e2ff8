-- an indicator whose actual meets its target (met) scores full marks (得分 = 分值).
-- the indicators of project and department-wide self-evaluations alike.
select
    project_id,
    evaluation_id,
    seq as indicator_seq,
    form_label || '的指标「' || name || '」实际完成值「' || coalesce(actual_raw, '') || '」已达到指标值「'
        || coalesce(target_raw, '') || '」，得分 ' || score::varchar || ' 却低于分值 ' || max_score::varchar
        || '；达成的指标应得满分，请核对得分或完成值' as message,
    json_object(
        'target_raw', target_raw, 'actual_raw', actual_raw,
        'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'level1', level1, 'level2', level2, 'name', name,
        'target_raw', target_raw, 'actual_raw', actual_raw,
        'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as subject
from evaluated_indicators
where met
    and score < max_score
