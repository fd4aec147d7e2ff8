-- the execution-rate score (资金执行率得分) of a self-evaluation: 得分 = min(B/A, 1) × 分值,
-- full marks when B ≥ A, within rounding at the precision the score is printed with (half a
-- point for a whole score, 0.05 for one decimal, 0.005 for two). rows with no 分值 or no
-- positive A are not judged. project forms: the 年度资金总额 row; department forms: each task.
-- B/A is a division (a double in duckdb), rounded to 4 places and compared as a decimal.
-- params: $fund_item (the self_evaluation_funds item that carries the score), $rounding
with scored as (
    select
        e.project_id,
        e.evaluation_id,
        '项目「' || e.project_name || '」' as form_label,
        f.item as part,
        f.label_as_written as part_label,
        f.budget_yuan,
        f.executed_yuan,
        f.max_score,
        f.score
    from self_evaluation_funds as f
    join self_evaluations as e
        on e.evaluation_id = f.evaluation_id
    where f.item = $fund_item

    union all

    select
        e.evaluation_id as project_id,
        e.evaluation_id,
        '部门整体自评「' || e.department || '」' as form_label,
        'task ' || t.seq::varchar as part,
        '任务「' || t.task_name || '」' as part_label,
        t.budget_yuan,
        t.executed_yuan,
        t.max_score,
        t.score
    from department_self_evaluation_tasks as t
    join department_self_evaluations as e
        on e.evaluation_id = t.evaluation_id
),

expected as (
    select
        *,
        round(max_score * least(executed_yuan, budget_yuan) / budget_yuan, 4)::decimal(18, 4)
            as expected_score,
        case
            when score = round(score, 0) then $rounding::decimal(9, 4)
            when score = round(score, 1) then $rounding::decimal(9, 4) / 10
            else $rounding::decimal(9, 4) / 100
        end as tolerance
    from scored
    where max_score is not null
        and score is not null
        and budget_yuan > 0
        and executed_yuan is not null
)

select
    project_id,
    evaluation_id,
    null::integer as indicator_seq,
    form_label || '的' || part_label || '得分 ' || score::varchar || ' 与执行率不符：全年执行数（B） '
        || executed_yuan::varchar || ' 元 / 全年预算数（A） ' || budget_yuan::varchar || ' 元 × 分值 '
        || max_score::varchar || ' = ' || round(expected_score, 2)::varchar
        || '（B ≥ A 时为满分）；请核对得分或金额' as message,
    json_object(
        'part', part,
        'budget_yuan', budget_yuan::varchar,
        'executed_yuan', executed_yuan::varchar,
        'max_score', max_score::varchar,
        'score', score::varchar,
        'expected_score', expected_score::varchar
    )::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'part', part, 'budget', budget_yuan::varchar,
        'executed', executed_yuan::varchar, 'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as subject
from expected
where abs(score - expected_score) > tolerance
