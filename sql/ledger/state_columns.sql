-- every column of the internal schema's tables, tables in the order they are created:
-- the frames' shapes
select table_name, column_name, data_type
from duckdb_columns()
where schema_name = ?
order by table_oid, column_index
