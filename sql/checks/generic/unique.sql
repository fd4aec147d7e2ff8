-- keys of a table that occur more than once: a check declared beside the table in
-- pipelines/check/tables.py fills in the table and key columns (identifiers, never values).
select
    {columns},
    count(*) as row_count
from {table}
group by {columns}
having count(*) > 1
