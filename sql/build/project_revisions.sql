-- every form that ever declared a project, and which one is current.
-- current: among forms of files present now, the one whose content arrived last
-- (then the later path, then the later form in the file); superseded: the other present
-- ones; retired: forms of contents no longer under raw/ (file changed or removed).
-- only the projects of pipeline_state.build_scope (every project on a full build, those of the
-- contents this night touched on an incremental one): a project's revisions depend only
-- on its own forms.
delete from project_revisions
where project_id in (select project_id from pipeline_state.build_scope);

insert into project_revisions by name
with declared as (
    select
        forms.project_id,
        forms.fiscal_year,
        forms.project_name,
        forms.implementing_unit,
        forms.source_sha256,
        forms.source_line,
        forms.form_seq,
        contents.first_seen_at,
        contents.last_path,
        present.source_file as present_file
    from pipeline_state.parsed_projects as forms
    join pipeline_state.contents as contents
        on contents.sha256 = forms.source_sha256
    left join pipeline_state.current_contents as present
        on present.sha256 = forms.source_sha256
    where forms.project_id in (select project_id from pipeline_state.build_scope)
),
ranked as (
    select
        *,
        row_number() over (
            partition by project_id, present_file is not null
            order by first_seen_at desc, present_file desc, form_seq desc
        ) as revision_rank
    from declared
),
current_form as (
    select
        project_id,
        present_file,
        source_line
    from ranked
    where present_file is not null
        and revision_rank = 1
)
select
    ranked.project_id,
    case
        when ranked.present_file is null then 'retired'
        when ranked.revision_rank = 1 then 'current'
        else 'superseded'
    end as status,
    ranked.fiscal_year,
    ranked.project_name,
    ranked.implementing_unit,
    coalesce(ranked.present_file, ranked.last_path) as source_file,
    ranked.source_sha256,
    ranked.source_line,
    ranked.form_seq,
    ranked.first_seen_at,
    case when ranked.present_file is null or ranked.revision_rank > 1
        then current_form.present_file end as superseded_by_file,
    case when ranked.present_file is null or ranked.revision_rank > 1
        then current_form.source_line end as superseded_by_line,
    case
        when ranked.present_file is null
            then 'its file was changed or removed from raw/'
        when ranked.revision_rank > 1
            then 'the same fiscal year, implementing unit and project name arrived later'
    end as reason
from ranked
left join current_form
    on current_form.project_id = ranked.project_id
