-- when the exported data was published: the last finished ingest run.
select max(finished_at) from ingest_runs
