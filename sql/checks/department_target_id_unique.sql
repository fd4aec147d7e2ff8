-- department target ids that occur more than once in department_targets.
select
    target_id,
    count(*) as row_count
from department_targets
group by target_id
having count(*) > 1
