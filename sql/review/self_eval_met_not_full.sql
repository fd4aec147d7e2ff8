-- an indicator whose actual meets its target (met) scores full marks (得分 = 分值).
-- the indicators of project and department-wide self-evaluations alike.
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
from evaluated
where met
    and score < max_score
