select status, count(*) as files
from ingest_files
group by status
order by status
