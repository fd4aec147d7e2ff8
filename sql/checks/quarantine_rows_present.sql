-- files whose quarantine rows do not match what ingest_files says was quarantined:
-- one distinct form_seq per quarantined form, and a scope='file' row for a file rejected whole
-- (status quarantined with no form quarantined). rows are matched by path: ingest_files holds
-- one row per path, and quarantine is rebuilt with it.
with form_rows as (
    select
        source_file,
        count(distinct form_seq) as forms_in_quarantine
    from quarantine
    where scope = 'form'
    group by source_file
),

file_rows as (
    select distinct
        source_file
    from quarantine
    where scope = 'file'
),

compared as (
    select
        i.path,
        i.status,
        i.forms_quarantined,
        coalesce(f.forms_in_quarantine, 0) as forms_in_quarantine,
        w.source_file is not null as has_file_row
    from ingest_files as i
    left join form_rows as f
        on f.source_file = i.path
    left join file_rows as w
        on w.source_file = i.path
)

select
    *
from compared
where forms_in_quarantine <> forms_quarantined
    or (status = 'quarantined' and forms_quarantined = 0 and not has_file_row)
