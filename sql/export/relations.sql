-- every public table and view: schema main of the opened warehouse, never the pipeline_state schema
-- (the pipeline's internal state) and never a temporary object of the export session.
select
    table_name as name,
    'table' as kind
from duckdb_tables()
where
    database_name = current_database()
    and schema_name = 'main'
    and not temporary
union all
select
    view_name as name,
    'view' as kind
from duckdb_views()
where
    database_name = current_database()
    and schema_name = 'main'
    and not internal
    and not temporary
order by name
