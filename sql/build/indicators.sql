-- indicators of the current form of each project, in form order.
-- only the projects of pipeline_state.build_scope (see project_revisions.sql).
delete from indicators
where project_id in (select project_id from pipeline_state.build_scope);

insert into indicators by name
select
    ledger_indicators.* exclude (form_seq) replace (projects.source_file as source_file)
from pipeline_state.parsed_indicators as ledger_indicators
join projects
    on projects.source_sha256 = ledger_indicators.source_sha256
    and projects.form_seq = ledger_indicators.form_seq
where projects.project_id in (select project_id from pipeline_state.build_scope)
order by
    ledger_indicators.project_id,
    ledger_indicators.seq
