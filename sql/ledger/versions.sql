select key, value
from ledger.meta
where key in ('schema_version', 'parser_version')
