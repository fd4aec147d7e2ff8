-- one row per project: the form project_revisions marks current, under its present path.
-- only the projects of pipeline_state.build_scope (see project_revisions.sql).
delete from projects
where project_id in (select project_id from pipeline_state.build_scope);

-- the current form of each project in scope, materialised first: with its size known,
-- DuckDB builds the join on it and streams the forms past it; planned in one statement it
-- underestimates the filtered side, builds on the forms, and at a million projects runs
-- out of its memory limit.
create or replace temp table current_in_scope as
select
    revisions.source_sha256,
    revisions.form_seq,
    revisions.source_file
from project_revisions as revisions
semi join pipeline_state.build_scope as scope
    on scope.project_id = revisions.project_id
where revisions.status = 'current';

insert into projects by name
select
    forms.* replace (current_in_scope.source_file as source_file)
from pipeline_state.parsed_projects as forms
join current_in_scope
    on current_in_scope.source_sha256 = forms.source_sha256
    and current_in_scope.form_seq = forms.form_seq;

drop table current_in_scope;
