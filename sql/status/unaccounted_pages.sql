-- pages that print a target-table signal and that nothing accounts for: no form was read
-- from them and they are no page of another known kind (a form may have been lost there).
select
    source_file,
    page,
    reason_code,
    reason
from page_coverage
where outcome = 'unaccounted'
order by
    source_file,
    page
