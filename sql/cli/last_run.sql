select
    files_new,
    files_changed,
    files_removed,
    contents_parsed
from ingest_runs
order by started_at desc
limit 1
