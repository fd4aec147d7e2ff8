update ingest_runs
set finished_at = $2
where run_id = $1
