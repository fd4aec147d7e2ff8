-- The latest run: ingest_runs, or a quiet run (incoming_frame: run_id, started_at,
-- finished_at, files_seen) not folded into it yet.
with
    quiet as (
        select
            run_id,
            started_at,
            finished_at,
            files_seen,
            0 as files_new,
            0 as files_changed,
            0 as files_removed,
            files_seen as files_unchanged,
            0 as contents_parsed,
            false as full_reparse
        from incoming_frame
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
