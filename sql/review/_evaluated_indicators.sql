-- the indicators of project and department-wide self-evaluations alike, each with the form it
-- belongs to (project_id: the evaluated project, or a department-wide form's evaluation_id;
-- form_label: how a message names the form): the input of the self-evaluation rules, made as
-- a temp view before each of them (pipelines.review.findings.found_by_rule).
create or replace temp view evaluated_indicators as
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
    on e.evaluation_id = i.evaluation_id;
