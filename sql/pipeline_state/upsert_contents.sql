-- parsed contents from incoming_frame.  a content parsed again (new parser version)
-- loses the rows the earlier parser produced but keeps its first_seen_at, which decides
-- which revision of a project is current.
delete from pipeline_state.parsed_projects where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_funds where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_indicators where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_quarantine where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_department_targets where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_department_tasks where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_department_indicators
where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_category_declarations where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_empty_forms where source_sha256 in (select sha256 from incoming_frame);
delete from pipeline_state.parsed_page_coverage where source_sha256 in (select sha256 from incoming_frame);

insert into pipeline_state.contents by name
select *
from incoming_frame
on conflict (sha256) do update set
    size_bytes = excluded.size_bytes,
    format = excluded.format,
    status = excluded.status,
    forms_found = excluded.forms_found,
    forms_loaded = excluded.forms_loaded,
    forms_quarantined = excluded.forms_quarantined,
    message = excluded.message,
    last_path = excluded.last_path,
    parsed_run_id = excluded.parsed_run_id,
    parsed_at = excluded.parsed_at
