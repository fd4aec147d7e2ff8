-- the partitions an export rewrites as csv, in the layout of the parquet files
-- (fiscal_year=<year>/data_0.csv); $prefix is the byte-order mark and the header line of
-- each file, $suffix its final line break.
copy export_csv_changed to $path (
    format csv,
    header false,
    prefix $prefix,
    suffix $suffix,
    partition_by (fiscal_year),
    write_partition_columns true
)
