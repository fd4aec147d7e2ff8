-- column comments of the public relations: the workbook's headers (chinese part first).
select
    table_name,
    column_name,
    comment
from duckdb_columns()
where
    database_name = current_database()
    and schema_name = 'main'
    and coalesce(comment, '') <> ''
order by
    table_name,
    column_index
