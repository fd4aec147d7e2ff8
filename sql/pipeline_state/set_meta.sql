-- one pipeline_state.meta entry, set or replaced.
insert or replace into pipeline_state.meta (key, value)
values ($1, $2)
