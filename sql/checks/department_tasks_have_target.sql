-- department task rows whose target is not in department_targets.
select
    t.target_id,
    t.seq,
    t.task_name,
    t.source_file,
    t.source_line
from department_tasks as t
anti join department_targets as d
    on d.target_id = t.target_id
