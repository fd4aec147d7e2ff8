-- quarantine rows with an unknown scope, a form_seq on a file-scope row, no form_seq on a
-- form-scope row, or a file that ingest_files does not list.
with checked as (
    select
        q.source_file,
        q.scope,
        q.form_seq,
        q.reason_code,
        case
            when q.scope not in ('file', 'form') then 'unknown scope'
            when q.scope = 'file' and q.form_seq is not null then 'file row with form_seq'
            when q.scope = 'form' and q.form_seq is null then 'form row without form_seq'
            when i.path is null then 'file not in ingest_files'
        end as problem
    from quarantine as q
    left join ingest_files as i
        on i.path = q.source_file
)

select
    *
from checked
where problem is not null
