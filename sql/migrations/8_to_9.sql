-- schema version 8 -> 9, the internal schema: each parsed table is named after the public table it
-- feeds (parsed_projects feeds projects, parsed_quarantine quarantine, ...), so no list has
-- to translate between the two names.  Renamed in place: every row and first_seen_at kept.
alter table pipeline_state.parsed_forms rename to parsed_projects;
alter table pipeline_state.parsed_problems rename to parsed_quarantine;
alter table pipeline_state.parsed_department_forms rename to parsed_department_targets;
alter table pipeline_state.parsed_declarations rename to parsed_category_declarations;
