-- one row per project: the form project_revisions marks current, under its present path.
-- only the projects of pipeline_state.build_scope (see project_revisions.sql).
delete from projects
where project_id in (select project_id from pipeline_state.build_scope);

insert into projects by name
select
    forms.* replace (revisions.source_file as source_file)
from pipeline_state.parsed_forms as forms
join project_revisions as revisions
    on revisions.source_sha256 = forms.source_sha256
    and revisions.form_seq = forms.form_seq
where revisions.status = 'current'
    and revisions.project_id in (select project_id from pipeline_state.build_scope)
