-- parts of loaded forms that were not loaded, one row per part: the file is partial.
select
    source_file,
    form_seq,
    reason
from left_out
order by
    source_file,
    form_seq,
    source_locator
