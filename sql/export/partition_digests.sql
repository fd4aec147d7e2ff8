-- one line per fiscal-year partition of the relation being exported (export_source): its
-- hive directory name (a null year is __HIVE_DEFAULT_PARTITION__, as duckdb writes it), its
-- rows and an order-independent digest of them (the sum of the rows' hashes), so an export
-- rewrites only the partitions whose digest changed since the files on disk were written.
with keyed as (
    select
        'fiscal_year='
        || coalesce(cast(s.fiscal_year as varchar), '__HIVE_DEFAULT_PARTITION__')
        as partition_key,
        hash(s) as row_hash
    from export_source as s
)

select
    partition_key,
    count(*) as row_count,
    cast(sum(row_hash) as varchar) as digest
from keyed
group by partition_key
order by partition_key
