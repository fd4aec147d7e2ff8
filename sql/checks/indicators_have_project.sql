-- indicator rows whose project is not in projects.
select
    i.project_id,
    i.seq,
    i.name,
    i.source_file,
    i.source_line
from indicators as i
anti join projects as p
    on p.project_id = i.project_id
