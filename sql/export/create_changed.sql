-- the keys of the partitions an export rewrites (filled from python, one relation at a time).
create or replace temp table export_changed (partition_key varchar primary key)
