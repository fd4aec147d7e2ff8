insert into ingest_runs (
    run_id,
    started_at,
    files_seen,
    files_new,
    files_changed,
    files_removed,
    files_unchanged,
    contents_parsed,
    full_reparse
)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
