-- csv without DuckDB's header: $prefix is the byte-order mark and the header line, $suffix
-- the final line break (DuckDB separates rows with line breaks and needs both or neither).
copy export_csv to $path (
    format csv,
    header false,
    prefix $prefix,
    suffix $suffix
)
