-- a full build: every project the ledger holds is rebuilt.
create or replace table ledger.build_scope as
select distinct
    project_id
from ledger.forms
