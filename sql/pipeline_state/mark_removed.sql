update pipeline_state.files
set
    removed_at = $1,
    changed_at = $1,
    run_id = $3
where path in (select unnest($2::varchar[]))
