-- settings and helpers of an export connection (read-only; temporary objects only).
-- one thread: DuckDB's partitioned and parallel writers order rows by thread timing, and an
-- export of an unchanged warehouse must give the same bytes.
set threads = 1;
set preserve_insertion_order = true;

-- a text cell Excel would read as a formula (OWASP: = + - @ tab CR) gets a leading quote,
-- which Excel shows as text; other text is written as it is.
create or replace temp macro csv_text_cell(value) as
    case
        when left(value, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || value
        else value
    end;
