-- funds rows whose project is not in projects.
select
    f.project_id,
    f.item,
    f.amount_yuan,
    f.source_file,
    f.source_line
from funds as f
anti join projects as p
    on p.project_id = f.project_id
