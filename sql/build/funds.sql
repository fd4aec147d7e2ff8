-- funds of the current form of each project.
insert into funds by name
select staged.* exclude (form_seq)
from staging.funds as staged
join projects
    on projects.project_id = staged.project_id
    and projects.source_file = staged.source_file
    and projects.form_seq = staged.form_seq
