-- the 年度主要任务 rows of the current form of each department_self_evaluations row, in form order.
-- rebuilt whole with its parent (see department_self_evaluations.sql).
delete from department_self_evaluation_tasks;

insert into department_self_evaluation_tasks by name
select
    parsed.* exclude (form_seq) replace (evaluations.source_file as source_file)
from pipeline_state.parsed_department_self_evaluation_tasks as parsed
join department_self_evaluations as evaluations
    on evaluations.source_sha256 = parsed.source_sha256
    and evaluations.form_seq = parsed.form_seq
order by
    parsed.evaluation_id,
    parsed.seq
