-- indicators of the current form of each project, in form order.
insert into indicators by name
select staged.* exclude (form_seq)
from staging.indicators as staged
join projects
    on projects.project_id = staged.project_id
    and projects.source_file = staged.source_file
    and projects.form_seq = staged.form_seq
order by staged.project_id, staged.seq
