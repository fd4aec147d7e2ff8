-- the pages that print a target table and that nothing accounts for, first $row_limit.
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
limit $row_limit
