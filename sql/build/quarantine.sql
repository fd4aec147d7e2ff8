-- what could not be loaded, for the files present now: quarantine (files and forms) and
-- left_out (parts of loaded forms; the parser records them as problems of scope 'part').
-- small: rebuilt whole on every night that changes anything.
delete from quarantine;

insert into quarantine by name
with content_problems as (
    select
        problems.* replace (present.source_file as source_file),
        present.parsed_run_id as run_id
    from pipeline_state.parsed_quarantine as problems
    join pipeline_state.current_contents as present
        on present.sha256 = problems.source_sha256
    where problems.scope <> 'part'
),
unreadable_files as (
    select
        files.path as source_file,
        null::varchar as source_sha256,
        'file' as scope,
        null::integer as form_seq,
        null::integer as source_line,
        null::varchar as source_locator,
        files.error_code as reason_code,
        files.error_message as reason,
        null::varchar as excerpt,
        files.run_id
    from pipeline_state.files as files
    where files.error_code is not null
        and files.removed_at is null
)
select * from content_problems
union all by name
select * from unreadable_files
order by source_file, form_seq nulls first;

delete from left_out;

insert into left_out by name
select
    present.source_file,
    problems.source_sha256,
    problems.form_seq,
    problems.source_locator,
    problems.reason_code,
    problems.reason,
    present.parsed_run_id as run_id
from pipeline_state.parsed_quarantine as problems
join pipeline_state.current_contents as present
    on present.sha256 = problems.source_sha256
where problems.scope = 'part'
order by present.source_file, problems.form_seq, problems.source_locator
