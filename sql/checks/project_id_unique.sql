-- project ids that occur more than once (the primary key is lost if a table is rebuilt by ctas).
select
    project_id,
    count(*) as row_count
from projects
group by project_id
having count(*) > 1
