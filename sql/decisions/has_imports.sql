-- whether the warehouse has the record of imported workbooks (review_imports) (warehouses built before decisions have not).
select
    count(*) > 0
from duckdb_tables()
where schema_name = 'pipeline_state'
    and table_name = 'review_imports'
