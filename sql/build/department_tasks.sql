-- tasks (年度主要任务) of the current form of each department target, in form order.
-- small: rebuilt whole on every night that changes anything.
delete from department_tasks;

insert into department_tasks by name
select
    parsed_tasks.* exclude (form_seq) replace (targets.source_file as source_file)
from pipeline_state.parsed_department_tasks as parsed_tasks
join department_targets as targets
    on targets.source_sha256 = parsed_tasks.source_sha256
    and targets.form_seq = parsed_tasks.form_seq
order by
    parsed_tasks.target_id,
    parsed_tasks.seq
