-- rows and an order-independent digest of digest_source (a temporary view of one table).
select
    count(*) as row_count,
    coalesce(sum(hash(*columns(*))::hugeint), 0)::varchar as digest
from digest_source
