-- pipeline_state.parsed_department_tasks rows of the contents being loaded (incoming_frame: sha256 and the
-- fragment chosen for it) from the partitions' Parquet fragments (fragment_rows).
insert into pipeline_state.parsed_department_tasks by name
select
    f.* exclude (fragment, fiscal_year)
from fragment_rows as f
semi join incoming_frame as c
    on c.sha256 = f.source_sha256
    and c.fragment = f.fragment
