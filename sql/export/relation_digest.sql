-- the rows and order-independent digest of a relation without a fiscal year (one partition).
select
    count(*) as row_count,
    cast(coalesce(sum(hash(s)), 0) as varchar) as digest
from export_source as s
