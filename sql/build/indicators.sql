-- indicators of the current form of each project, in form order.
-- only the projects of pipeline_state.build_scope (see project_revisions.sql).
delete from indicators
where project_id in (select project_id from pipeline_state.build_scope);

-- the projects in scope, materialised first so the join is built on them (see
-- projects.sql) and the parsed rows stream past it.
create or replace temp table projects_in_scope as
select
    projects.project_id,
    projects.source_sha256,
    projects.form_seq,
    projects.source_file
from projects
semi join pipeline_state.build_scope as scope
    on scope.project_id = projects.project_id;

insert into indicators by name
select
    parsed_indicators.* exclude (form_seq) replace (projects_in_scope.source_file as source_file)
from pipeline_state.parsed_indicators as parsed_indicators
join projects_in_scope
    on projects_in_scope.source_sha256 = parsed_indicators.source_sha256
    and projects_in_scope.form_seq = parsed_indicators.form_seq
order by
    parsed_indicators.project_id,
    parsed_indicators.seq;

drop table projects_in_scope;
