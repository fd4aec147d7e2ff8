-- a score (得分) above its 分值, anywhere in a self-evaluation: an indicator, a 项目资金 row,
-- a department task, or the 总分.
with scores as (
    select
        e.project_id,
        e.evaluation_id,
        i.seq as indicator_seq,
        '项目「' || e.project_name || '」' as form_label,
        'indicator' as part,
        '指标「' || i.name || '」' as part_label,
        json_object('level1', i.level1, 'level2', i.level2, 'name', i.name) as part_key,
        i.max_score,
        i.score
    from self_evaluation_indicators as i
    join self_evaluations as e
        on e.evaluation_id = i.evaluation_id

    union all

    select
        e.evaluation_id as project_id,
        e.evaluation_id,
        i.seq as indicator_seq,
        '部门整体自评「' || e.department || '」' as form_label,
        'indicator' as part,
        '指标「' || i.name || '」' as part_label,
        json_object('level1', i.level1, 'level2', i.level2, 'name', i.name) as part_key,
        i.max_score,
        i.score
    from department_self_evaluation_indicators as i
    join department_self_evaluations as e
        on e.evaluation_id = i.evaluation_id

    union all

    select
        e.project_id,
        e.evaluation_id,
        null as indicator_seq,
        '项目「' || e.project_name || '」' as form_label,
        'fund' as part,
        f.label_as_written as part_label,
        json_object('item', f.item) as part_key,
        f.max_score,
        f.score
    from self_evaluation_funds as f
    join self_evaluations as e
        on e.evaluation_id = f.evaluation_id

    union all

    select
        e.evaluation_id as project_id,
        e.evaluation_id,
        null as indicator_seq,
        '部门整体自评「' || e.department || '」' as form_label,
        'task' as part,
        '任务「' || t.task_name || '」' as part_label,
        json_object('task', t.task_name) as part_key,
        t.max_score,
        t.score
    from department_self_evaluation_tasks as t
    join department_self_evaluations as e
        on e.evaluation_id = t.evaluation_id

    union all

    select
        project_id,
        evaluation_id,
        null as indicator_seq,
        '项目「' || project_name || '」' as form_label,
        'total' as part,
        '总分' as part_label,
        json_object('total', true) as part_key,
        max_score_total as max_score,
        score_total as score
    from self_evaluations

    union all

    select
        evaluation_id as project_id,
        evaluation_id,
        null as indicator_seq,
        '部门整体自评「' || department || '」' as form_label,
        'total' as part,
        '总分' as part_label,
        json_object('total', true) as part_key,
        max_score_total as max_score,
        score_total as score
    from department_self_evaluations
)

select
    project_id,
    evaluation_id,
    indicator_seq,
    form_label || '的' || part_label || '得分 ' || score::varchar || ' 超过分值 '
        || max_score::varchar || '；得分不能高于分值，请核对' as message,
    json_object('part', part, 'max_score', max_score::varchar, 'score', score::varchar)::varchar
        as details,
    json_object(
        'evaluation_id', evaluation_id, 'part', part_key,
        'max_score', max_score::varchar, 'score', score::varchar
    )::varchar as subject
from scores
where score > max_score
