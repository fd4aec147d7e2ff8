-- funds of the current form of each project.
-- only the projects of pipeline_state.build_scope (see project_revisions.sql).
delete from funds
where project_id in (select project_id from pipeline_state.build_scope);

insert into funds by name
select
    ledger_funds.* exclude (form_seq) replace (projects.source_file as source_file)
from pipeline_state.parsed_funds as ledger_funds
join projects
    on projects.source_sha256 = ledger_funds.source_sha256
    and projects.form_seq = ledger_funds.form_seq
where projects.project_id in (select project_id from pipeline_state.build_scope)
