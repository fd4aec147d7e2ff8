-- one row per department, fiscal year and kind (target_kind: the department's own
-- 部门整体 form or a 专项资金整体 form, which never replaces it): the current form, under its
-- present path.  current is chosen as for projects (see project_revisions.sql): among
-- forms of files present now, the one whose content arrived last, then the later path,
-- then the later form in the file.
-- small: rebuilt whole on every night that changes anything.
delete from department_targets;

insert into department_targets by name
with declared as (
    select
        forms.*,
        present.source_file as present_file,
        present.first_seen_at
    from pipeline_state.parsed_department_targets as forms
    join pipeline_state.current_contents as present
        on present.sha256 = forms.source_sha256
),

ranked as (
    select
        *,
        row_number() over (
            partition by target_id
            order by first_seen_at desc, present_file desc, form_seq desc
        ) as revision_rank
    from declared
)

select
    * exclude (present_file, first_seen_at, revision_rank)
    replace (present_file as source_file)
from ranked
where revision_rank = 1
order by
    fiscal_year,
    department
