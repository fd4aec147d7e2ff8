-- a qualitative target scored full marks with no evidence: the actual (实际完成值) is empty or
-- a bare word (完成, 已完成 ...), which says nothing a reviewer can check.
-- params: $bare_words
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
from evaluated_indicators
where not is_quantitative
    and score >= max_score
    and (
        nullif(trim(actual_raw), '') is null
        or list_contains($bare_words::varchar[], trim(actual_raw))
    )
