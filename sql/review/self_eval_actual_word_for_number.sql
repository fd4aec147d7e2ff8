-- a numeric target whose actual (实际完成值) is a bare word such as 完成 or 已完成: the number
-- achieved is what the evaluation must state, and met cannot be decided from a word.
-- params: $bare_words
select
    project_id,
    evaluation_id,
    seq as indicator_seq,
    form_label || '的指标「' || name || '」指标值为数值「' || coalesce(target_raw, '') || '」，实际完成值却只写「'
        || actual_raw || '」；请填写实际完成的数值' as message,
    json_object('target_raw', target_raw, 'actual_raw', actual_raw)::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'level1', level1, 'level2', level2, 'name', name,
        'target_raw', target_raw, 'actual_raw', actual_raw,
        'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as subject
from evaluated_indicators
where is_quantitative
    and list_contains($bare_words::varchar[], trim(actual_raw))
