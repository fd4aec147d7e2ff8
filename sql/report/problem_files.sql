-- files and forms that did not load whole: every quarantine record with its reason, and
-- every file whose status is quarantined or partial (its message when no record explains
-- it); a file partial only by parts left out of loaded forms is the section 部分载入's,
-- not listed twice; at most $row_limit rows, counts over all of them.
with problem_files as (
    select
        path as source_file,
        status,
        message
    from ingest_files as f
    where
        f.status = 'quarantined'
        or (
            f.status = 'partial'
            and not exists (select 1 from left_out as l where l.source_file = f.path)
        )
),

records as (
    select
        source_file,
        scope,
        form_seq,
        source_line,
        source_locator,
        reason_code,
        reason
    from quarantine
),

joined as (
    select
        coalesce(r.source_file, f.source_file) as source_file,
        coalesce(f.status, 'loaded') as file_status,
        r.scope,
        r.form_seq,
        r.source_line,
        r.source_locator,
        r.reason_code,
        coalesce(r.reason, f.message) as reason
    from records as r
    full join problem_files as f
        on f.source_file = r.source_file
)

select
    *,
    count(*) over () as row_total,
    count(distinct source_file) over () as file_total
from joined
order by
    source_file,
    form_seq nulls first,
    source_line nulls first
limit $row_limit
