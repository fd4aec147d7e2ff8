-- the rows of the partitions an export rewrites: export_parquet and export_csv restricted to
-- the keys in the temporary table export_changed (the keys of partition_digests.sql).
create or replace temp view export_parquet_changed as
select s.*
from export_parquet as s
semi join export_changed as c
    on c.partition_key = 'fiscal_year='
    || coalesce(cast(s.fiscal_year as varchar), '__HIVE_DEFAULT_PARTITION__');

create or replace temp view export_csv_changed as
select s.*
from export_csv as s
semi join export_changed as c
    on c.partition_key = 'fiscal_year='
    || coalesce(cast(s.fiscal_year as varchar), '__HIVE_DEFAULT_PARTITION__');
