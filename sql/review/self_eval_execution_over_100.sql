-- a budget execution rate (执行率) over 100%: spent more than the year's budget (B > A), or a
-- printed rate above the limit. project forms: every 项目资金 row; department forms: the
-- total and each task.
-- params: $max_percent
with rates as (
    select
        e.project_id,
        e.evaluation_id,
        '项目「' || e.project_name || '」' as form_label,
        f.item as part,
        f.label_as_written as part_label,
        f.budget_yuan,
        f.executed_yuan,
        f.execution_rate_pct
    from self_evaluation_funds as f
    join self_evaluations as e
        on e.evaluation_id = f.evaluation_id

    union all

    select
        evaluation_id as project_id,
        evaluation_id,
        '部门整体自评「' || department || '」' as form_label,
        'total' as part,
        '金额合计' as part_label,
        budget_yuan,
        executed_yuan,
        execution_rate_pct
    from department_self_evaluations

    union all

    select
        e.evaluation_id as project_id,
        e.evaluation_id,
        '部门整体自评「' || e.department || '」' as form_label,
        'task ' || t.seq::varchar as part,
        '任务「' || t.task_name || '」' as part_label,
        t.budget_yuan,
        t.executed_yuan,
        t.execution_rate_pct
    from department_self_evaluation_tasks as t
    join department_self_evaluations as e
        on e.evaluation_id = t.evaluation_id
)

select
    project_id,
    evaluation_id,
    null::integer as indicator_seq,
    form_label || '的' || part_label || '执行率超过 ' || $max_percent::varchar || '%：全年执行数（B） '
        || coalesce(executed_yuan::varchar || ' 元', '未填') || '，全年预算数（A） '
        || coalesce(budget_yuan::varchar || ' 元', '未填') || '，表列执行率 '
        || coalesce(execution_rate_pct::varchar || '%', '未填')
        || '；超预算支出须有调整预算的依据，请核对金额或执行率' as message,
    json_object(
        'part', part,
        'budget_yuan', budget_yuan::varchar,
        'executed_yuan', executed_yuan::varchar,
        'execution_rate_pct', execution_rate_pct::varchar
    )::varchar as details,
    json_object(
        'evaluation_id', evaluation_id, 'part', part, 'budget', budget_yuan::varchar,
        'executed', executed_yuan::varchar, 'rate', execution_rate_pct::varchar
    )::varchar as subject
from rates
where execution_rate_pct > $max_percent
    or (budget_yuan > 0 and executed_yuan * 100 > budget_yuan * $max_percent)
