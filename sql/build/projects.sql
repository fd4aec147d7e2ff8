-- current form per project: the latest by source path, then by position in the file.
insert into projects by name
with ranked as (
    select
        *,
        row_number() over (
            partition by project_id
            order by source_file desc, form_seq desc
        ) as revision_rank
    from staging.forms
)
select * exclude (revision_rank)
from ranked
where revision_rank = 1
