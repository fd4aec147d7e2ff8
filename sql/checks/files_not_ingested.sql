-- paths of the raw folder listing ($paths) with no ingest_files row; run by missing_files().
with listed as (
    select distinct
        unnest($paths::varchar[]) as path
)

select
    l.path
from listed as l
anti join ingest_files as i
    on i.path = l.path
order by l.path
