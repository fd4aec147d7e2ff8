-- whether the warehouse has the import ledger (warehouses built before decisions have not).
select
    count(*) > 0
from duckdb_tables()
where schema_name = 'pipeline_state'
    and table_name = 'review_imports'
