-- every column of the tables the sql creates (public and internal), tables in the order they
-- are created: the frames' shapes and the list of tables a full build refills
select schema_name, table_name, column_name, data_type
from duckdb_columns()
where not internal
order by table_oid, column_index
