-- files whose form counts do not add up: every form found is either loaded or quarantined.
select
    path,
    status,
    forms_found,
    forms_loaded,
    forms_quarantined
from ingest_files
where forms_found <> forms_loaded + forms_quarantined
