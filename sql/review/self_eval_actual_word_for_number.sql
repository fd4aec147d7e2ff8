-- a numeric target whose actual (实际完成值) is a bare word such as 完成 or 已完成: the number
-- achieved is what the evaluation must state, and met cannot be decided from a word.
-- params: $bare_words
with evaluated as (
    select
        e.project_id,
        e.evaluation_id,
        '项目「' || e.project_name || '」' as form_label,
        i.* exclude (evaluation_id)
    from self_evaluation_indicators as i
    join self_evaluations as e
        on e.evaluation_id = i.evaluation_id

    union all by name

    select
        e.evaluation_id as project_id,
        e.evaluation_id,
        '部门整体自评「' || e.department || '」' as form_label,
        i.* exclude (evaluation_id)
    from department_self_evaluation_indicators as i
    join department_self_evaluations as e
        on e.evaluation_id = i.evaluation_id
)

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
from evaluated
where is_quantitative
    and list_contains($bare_words::varchar[], trim(actual_raw))
