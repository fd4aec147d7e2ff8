-- one ledger.meta entry (no row when it was never set).
select value
from ledger.meta
where key = $1
