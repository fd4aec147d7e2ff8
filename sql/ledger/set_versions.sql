insert or replace into ledger.meta (key, value)
values
    ('schema_version', $1),
    ('parser_version', $2)
