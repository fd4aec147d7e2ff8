-- How many files of a folder listing (incoming_frame: path, size_bytes, mtime_ns) a run
-- would have to look at: new, changed by size or mtime, restored, failed before, or of a
-- content never parsed; plus recorded files no longer listed.  Zero means the night has
-- nothing to do.
with
    live as (
        select
            path,
            sha256,
            size_bytes,
            mtime_ns,
            error_code
        from pipeline_state.files
        where removed_at is null
    ),

    listed_needing_work as (
        select listed.path
        from incoming_frame as listed
        left join live using (path)
        left join pipeline_state.contents as contents on contents.sha256 = live.sha256
        where
            live.path is null
            or live.sha256 is null
            or live.error_code is not null
            or live.size_bytes is distinct from listed.size_bytes
            or live.mtime_ns is distinct from listed.mtime_ns
            or contents.sha256 is null
    ),

    gone as (
        select live.path
        from live
        anti join incoming_frame as listed using (path)
    )

select
    (select count(*) from listed_needing_work)
    + (select count(*) from gone) as files_needing_work
