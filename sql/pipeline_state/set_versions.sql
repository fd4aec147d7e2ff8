insert or replace into pipeline_state.meta (key, value)
values
    ('schema_version', $1),
    ('parser_version', $2)
