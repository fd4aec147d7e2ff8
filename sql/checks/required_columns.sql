-- rows missing a value every row needs to be found and traced (null or blank text).
-- rows are filtered before any key is built, so a clean warehouse costs one scan.
with required as (
    select
        'projects' as table_name,
        project_id as row_key,
        project_name,
        fiscal_year::varchar as fiscal_year,
        source_file,
        source_sha256,
        source_line::varchar as source_line
    from projects
    where coalesce(trim(project_name), '') = ''
        or fiscal_year is null
        or coalesce(trim(source_file), '') = ''
        or coalesce(trim(source_sha256), '') = ''
        or source_line is null
    union all
    select
        'funds' as table_name,
        project_id || ' ' || item as row_key,
        '-' as project_name,
        '-' as fiscal_year,
        source_file,
        source_sha256,
        source_line::varchar as source_line
    from funds
    where coalesce(trim(source_file), '') = ''
        or coalesce(trim(source_sha256), '') = ''
        or source_line is null
    union all
    select
        'indicators' as table_name,
        project_id || ' ' || seq::varchar as row_key,
        '-' as project_name,
        '-' as fiscal_year,
        source_file,
        source_sha256,
        source_line::varchar as source_line
    from indicators
    where coalesce(trim(source_file), '') = ''
        or coalesce(trim(source_sha256), '') = ''
        or source_line is null
),

cells as (
    select
        *
    from required
    unpivot include nulls (
        cell for column_name in (
            project_name,
            fiscal_year,
            source_file,
            source_sha256,
            source_line
        )
    )
)

select
    table_name,
    row_key,
    column_name
from cells
where coalesce(trim(cell), '') = ''
