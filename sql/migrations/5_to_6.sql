-- schema version 5 -> 6: the ledger moves from schema ledger to pipeline_state and its
-- parsed tables become parsed_*, so BI schema browsers no longer list ledger.funds beside
-- funds.  Runs after sql/ledger.sql created today's tables (so it writes today's names,
-- since schema version 9 those of the public tables they feed); history and first_seen_at
-- (which decides a project's current form) are kept row for row.
insert into pipeline_state.meta by name select * from ledger.meta;
insert into pipeline_state.files by name select * from ledger.files;
insert into pipeline_state.contents by name select * from ledger.contents;
insert into pipeline_state.parsed_projects by name select * from ledger.forms;
insert into pipeline_state.parsed_funds by name select * from ledger.funds;
insert into pipeline_state.parsed_indicators by name select * from ledger.indicators;
insert into pipeline_state.parsed_quarantine by name select * from ledger.problems;
insert into pipeline_state.parsed_department_targets by name
select *, 'department' as target_kind from ledger.department_forms;
insert into pipeline_state.parsed_department_tasks by name
select * from ledger.department_tasks;
insert into pipeline_state.parsed_department_indicators by name
select * from ledger.department_indicators;
insert into pipeline_state.parsed_category_declarations by name select * from ledger.declarations;
insert into pipeline_state.parsed_empty_forms by name select * from ledger.empty_forms;
drop schema ledger cascade;
