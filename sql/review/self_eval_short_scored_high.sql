-- an indicator that falls short of its target (met is false) scores less than full marks, and
-- for a numeric target no more than its share: 分值 × 实际/目标 (目标/实际 for a ceiling, ≤ or <),
-- within rounding at the printed precision (see self_eval_fund_score.sql).
-- params: $ceiling_ops (operators of a target that must not be exceeded), $rounding
with judged as (
    select
        *,
        case
            when not is_quantitative or actual_value is null or target_value is null
                or target_value <= 0 or actual_value <= 0 then null
            when list_contains($ceiling_ops::varchar[], target_op)
                then round(max_score * target_value / actual_value, 4)::decimal(18, 4)
            else round(max_score * actual_value / target_value, 4)::decimal(18, 4)
        end as proportional_score,
        case
            when score = round(score, 0) then $rounding::decimal(9, 4)
            when score = round(score, 1) then $rounding::decimal(9, 4) / 10
            else $rounding::decimal(9, 4) / 100
        end as tolerance
    from evaluated_indicators
    where not met
        and score is not null
        and max_score is not null
)

select
    project_id,
    evaluation_id,
    seq as indicator_seq,
    form_label || '的指标「' || name || '」未达到指标值「' || coalesce(target_raw, '') || '」（实际完成值「'
        || coalesce(actual_raw, '未填') || '」），得分 ' || score::varchar
        || case
            when score >= max_score then ' 却为满分 ' || max_score::varchar
            else ' 高于按完成比例应得的 ' || round(proportional_score, 2)::varchar || ' 分（分值 '
                || max_score::varchar || '）'
        end || '；未达成的指标应按完成程度扣分' as message,
    json_object(
        'target_raw', target_raw, 'actual_raw', actual_raw, 'max_score', max_score::varchar,
        'score', score::varchar, 'proportional_score', proportional_score::varchar
    )::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'level1', level1, 'level2', level2, 'name', name,
        'target_raw', target_raw, 'actual_raw', actual_raw,
        'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as subject
from judged
where score >= max_score
    or score > proportional_score + tolerance
