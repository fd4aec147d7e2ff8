select key, value
from pipeline_state.meta
where key in ('schema_version', 'parser_version')
