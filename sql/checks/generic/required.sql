-- rows of a table missing a value every row needs to be found and traced (null, or blank
-- text): one row per empty cell.  pipelines/check/tables.py fills in the names; rows are
-- filtered before any key is built, so a clean table costs one scan.
with missing as (
    select
        concat_ws(' ', {key_columns}) as row_key,
        {cells}
    from {table}
    where {any_empty}
),

cells as (
    select
        *
    from missing
    unpivot include nulls (
        cell for column_name in ({columns})
    )
)

select
    '{table}' as table_name,
    row_key,
    column_name
from cells
where coalesce(trim(cell), '') = ''
