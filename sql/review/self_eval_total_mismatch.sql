-- the 总分 of a self-evaluation equals the sum of its scores: the indicators' 得分 plus the
-- execution-rate score (project forms: the $fund_item row of 项目资金; department forms: the
-- tasks' 得分), within rounding at the printed precision (see self_eval_fund_score.sql).
-- a form without any part score is not judged.
-- params: $fund_item, $rounding
with parts as (
    select
        i.evaluation_id,
        i.score
    from self_evaluation_indicators as i

    union all

    select
        f.evaluation_id,
        f.score
    from self_evaluation_funds as f
    where f.item = $fund_item

    union all

    select
        i.evaluation_id,
        i.score
    from department_self_evaluation_indicators as i

    union all

    select
        t.evaluation_id,
        t.score
    from department_self_evaluation_tasks as t
),

sums as (
    select
        evaluation_id,
        sum(score) as part_sum,
        count(score) as part_count
    from parts
    group by evaluation_id
),

totals as (
    select
        project_id,
        evaluation_id,
        '项目「' || project_name || '」' as form_label,
        score_total
    from self_evaluations

    union all

    select
        evaluation_id as project_id,
        evaluation_id,
        '部门整体自评「' || department || '」' as form_label,
        score_total
    from department_self_evaluations
),

compared as (
    select
        t.*,
        s.part_sum,
        s.part_count,
        case
            when t.score_total = round(t.score_total, 0) then $rounding::decimal(9, 4)
            when t.score_total = round(t.score_total, 1) then $rounding::decimal(9, 4) / 10
            else $rounding::decimal(9, 4) / 100
        end as tolerance
    from totals as t
    join sums as s
        on s.evaluation_id = t.evaluation_id
    where t.score_total is not null
        and s.part_count > 0
)

select
    project_id,
    evaluation_id,
    null::integer as indicator_seq,
    form_label || '的总分 ' || score_total::varchar || ' 与各项得分之和 ' || part_sum::varchar
        || ' 不符（差 ' || (score_total - part_sum)::varchar || ' 分）；总分应等于指标得分与资金执行率得分之和'
        as message,
    json_object(
        'score_total', score_total::varchar,
        'part_sum', part_sum::varchar,
        'part_count', part_count
    )::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'score_total', score_total::varchar,
        'part_sum', part_sum::varchar
    )::varchar as subject
from compared
where abs(score_total - part_sum) > tolerance
