-- The latest run: ingest_runs, or a quiet run ($quiet: a list of run_id, started_at,
-- finished_at, files_seen, read from the quiet-runs file) not folded into it yet.
with
    incoming as (
        select unnest(
            $quiet::struct(
                run_id varchar, started_at timestamp, finished_at timestamp, files_seen bigint
            )[]
        ) as run
    ),

    quiet as (
        select
            run.run_id as run_id,
            run.started_at as started_at,
            run.finished_at as finished_at,
            run.files_seen as files_seen,
            0 as files_new,
            0 as files_changed,
            0 as files_removed,
            run.files_seen as files_unchanged,
            0 as contents_parsed,
            false as full_reparse
        from incoming
    ),

    runs as (
        select * from ingest_runs
        union all by name
        select * from quiet
        where run_id not in (select run_id from ingest_runs)
    )

select *
from runs
order by started_at desc
limit 1
