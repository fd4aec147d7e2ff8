-- fund items that occur more than once for a project (a check, not a primary key: at a
-- national review's size the key's index would not fit duckdb's memory limit).
select
    project_id,
    item,
    count(*) as row_count
from funds
group by project_id, item
having count(*) > 1
