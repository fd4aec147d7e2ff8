-- the columns of the pipeline_state table a fragment table is loaded into ($table in pipeline_state).
select
    column_name
from duckdb_columns()
where schema_name = 'pipeline_state'
    and table_name = $table
order by column_index
