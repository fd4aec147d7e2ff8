-- the per-project rules are done: the public tables are visible again (see _scope_inputs.sql).
drop table if exists temp.main.projects;
drop table if exists temp.main.funds;
drop table if exists temp.main.indicators;
drop table if exists temp.main.project_revisions;
drop table if exists temp.main.category_declarations;
