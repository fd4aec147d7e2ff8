-- Whether a DuckDB file is a warehouse this program published: it has the pipeline_state tables
-- of files ($table_name, ingest_files).
select count(*) > 0 as is_warehouse
from duckdb_tables()
where schema_name = 'main' and table_name = $table_name
