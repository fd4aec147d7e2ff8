-- the partitions an export rewrites, in hive layout fiscal_year=<year>/data_0.parquet; a
-- null year goes to fiscal_year=__HIVE_DEFAULT_PARTITION__. The year stays inside each file
-- too, so a single file is self-describing and polars keeps its integer type.
copy export_parquet_changed to $path (
    format parquet,
    partition_by (fiscal_year),
    write_partition_columns true
)
