-- files recorded more than once in ingest_files.
select
    path,
    count(*) as row_count
from ingest_files
group by path
having count(*) > 1
