-- a qualitative target scored full marks with no evidence: the actual (实际完成值) is empty or
-- a bare word (完成, 已完成 ...), which says nothing a reviewer can check.
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
    form_label || '的定性指标「' || name || '」得满分 ' || score::varchar || '，实际完成值'
        || case
            when nullif(trim(actual_raw), '') is null then '却未填写'
            else '只写「' || trim(actual_raw) || '」'
        end || '；满分须有可核验的完成情况说明' as message,
    json_object(
        'target_raw', target_raw, 'actual_raw', actual_raw, 'score', score::varchar
    )::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'level1', level1, 'level2', level2, 'name', name,
        'target_raw', target_raw, 'actual_raw', actual_raw,
        'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as subject
from evaluated
where not is_quantitative
    and score >= max_score
    and (
        nullif(trim(actual_raw), '') is null
        or list_contains($bare_words::varchar[], trim(actual_raw))
    )
