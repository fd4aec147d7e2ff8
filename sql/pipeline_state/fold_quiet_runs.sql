-- Runs that found nothing to do (incoming_frame: run_id, started_at, finished_at,
-- files_seen) become ingest_runs rows; a run already there is skipped.
insert into ingest_runs (
    run_id,
    started_at,
    finished_at,
    files_seen,
    files_new,
    files_changed,
    files_removed,
    files_unchanged,
    contents_parsed,
    full_reparse
)
select
    quiet.run_id,
    quiet.started_at,
    quiet.finished_at,
    quiet.files_seen,
    0,
    0,
    0,
    quiet.files_seen,
    0,
    false
from incoming_frame as quiet
anti join ingest_runs using (run_id)
