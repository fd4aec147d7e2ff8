-- one row per path ever seen: present files with what their content produced,
-- duplicates of another present file, and removed files.
-- small: rebuilt whole on every night that changes anything.
delete from ingest_files;

insert into ingest_files by name
with files as (
    select
        files.*,
        present.source_file as canonical_path
    from pipeline_state.files as files
    left join pipeline_state.current_contents as present
        on present.sha256 = files.sha256
)
select
    files.path,
    files.sha256,
    coalesce(contents.size_bytes, files.size_bytes) as size_bytes,
    contents.format,
    case
        when files.removed_at is not null then 'removed'
        when files.error_code is not null then 'quarantined'
        when files.canonical_path <> files.path then 'duplicate'
        else contents.status
    end as status,
    case when files.removed_at is null and files.canonical_path = files.path
        then contents.forms_found else 0 end as forms_found,
    case when files.removed_at is null and files.canonical_path = files.path
        then contents.forms_loaded else 0 end as forms_loaded,
    case when files.removed_at is null and files.canonical_path = files.path
        then contents.forms_quarantined else 0 end as forms_quarantined,
    case
        when files.removed_at is not null
            then '已从 raw/ 移除，其数据已退役（见 project_revisions） / removed from raw/; its rows are retired (see project_revisions)'
        when files.error_code is not null
            then files.error_code || ': ' || files.error_message
        when files.canonical_path <> files.path
            then '与 ' || files.canonical_path || ' 内容相同，已按该文件名载入一次 / same content as '
                || files.canonical_path || '; loaded once under that name'
        else contents.message
    end as message,
    contents.parsed_run_id as run_id,
    contents.parsed_at as ingested_at,
    files.first_seen_at,
    files.changed_at,
    files.removed_at,
    case when files.canonical_path <> files.path then files.canonical_path end as duplicate_of
from files
left join pipeline_state.contents as contents
    on contents.sha256 = files.sha256
order by files.path
