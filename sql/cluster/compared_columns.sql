-- the columns of a public table that two runs over the same files must agree on: all but
-- those naming the run or the time it ran.
select
    column_name
from duckdb_columns()
where schema_name = 'main'
    and table_name = $table
    and column_name not in ('run_id', 'first_seen_at', 'changed_at', 'removed_at', 'ingested_at')
order by column_index
