-- an incremental review reads only the projects this run rebuilt: temp tables of their rows,
-- named like the public tables, shadow them for the per-project rules (temp comes first in
-- duckdb's search path); _unscope_inputs.sql drops them again.
create temp table projects as
select * from projects
where project_id in (select project_id from pipeline_state.build_scope);

create temp table funds as
select * from funds
where project_id in (select project_id from pipeline_state.build_scope);

create temp table indicators as
select * from indicators
where project_id in (select project_id from pipeline_state.build_scope);

create temp table project_revisions as
select * from project_revisions
where project_id in (select project_id from pipeline_state.build_scope);

create temp table category_declarations as
select * from category_declarations
where owner_kind = 'project'
    and owner_id in (select project_id from pipeline_state.build_scope);
