-- one pipeline_state.meta entry (no row when it was never set).
select value
from pipeline_state.meta
where key = $1
