-- department indicator rows whose target is not in department_targets.
select
    i.target_id,
    i.seq,
    i.name,
    i.source_file,
    i.source_line
from department_indicators as i
anti join department_targets as d
    on d.target_id = i.target_id
