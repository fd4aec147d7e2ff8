insert into quarantine by name
select *
from staging.problems
order by source_file, form_seq nulls first
