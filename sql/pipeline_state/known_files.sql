select
    path,
    sha256,
    size_bytes,
    mtime_ns,
    first_seen_at,
    changed_at,
    removed_at,
    error_code,
    run_id
from pipeline_state.files
