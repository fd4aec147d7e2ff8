-- one parquet file (decimals stay DECIMAL).
copy export_parquet to $path (format parquet)
