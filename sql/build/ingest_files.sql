insert into ingest_files by name
select *
from staging.files
order by path
