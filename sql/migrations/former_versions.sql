-- schema and parser version of a warehouse whose ledger is still in schema ledger
-- (schema version 5 and before)
select key, value
from ledger.meta
where key in ('schema_version', 'parser_version')
