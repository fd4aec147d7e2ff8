-- rows of a table whose key is not in its parent table: a check declared beside the table in
-- pipelines/check/tables.py fills in the names (shown: the columns that find the row).
select
    {shown}
from {table} as child
anti join {parent} as parent
    on parent.{key} = child.{key}
