-- indicator positions that occur more than once for a project (a check, not a primary key:
-- at a national review's size the key's index would not fit duckdb's memory limit).
select
    project_id,
    seq,
    count(*) as row_count
from indicators
group by project_id, seq
having count(*) > 1
