-- every form that declared a project: the current one and those it superseded.
insert into project_revisions by name
with ranked as (
    select
        *,
        row_number() over (
            partition by project_id
            order by source_file desc, form_seq desc
        ) as revision_rank
    from staging.forms
),
current_form as (
    select project_id, source_file, source_line
    from ranked
    where revision_rank = 1
)
select
    ranked.project_id,
    case when ranked.revision_rank = 1 then 'current' else 'superseded' end as status,
    ranked.fiscal_year,
    ranked.project_name,
    ranked.implementing_unit,
    ranked.source_file,
    ranked.source_sha256,
    ranked.source_line,
    ranked.form_seq,
    case when ranked.revision_rank > 1 then current_form.source_file end as superseded_by_file,
    case when ranked.revision_rank > 1 then current_form.source_line end as superseded_by_line,
    case
        when ranked.revision_rank > 1
            then 'same fiscal year, implementing unit and project name declared again later'
    end as reason
from ranked
join current_form using (project_id)
