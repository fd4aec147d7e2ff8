-- one row per project self-evaluation (项目支出绩效自评表): the current form of each evaluation_id, under its
-- present path.  current is chosen as for department targets (see department_targets.sql):
-- among forms of files present now, the one whose content arrived last, then the later path,
-- then the later form in the file.
-- rebuilt whole on every night that changes anything: one evaluation per project and year
-- is published once, after the year, so the table grows by a year's forms at a time.
delete from self_evaluations;

insert into self_evaluations by name
with evaluated as (
    select
        forms.*,
        present.source_file as present_file,
        present.first_seen_at
    from pipeline_state.parsed_self_evaluations as forms
    join pipeline_state.current_contents as present
        on present.sha256 = forms.source_sha256
),

ranked as (
    select
        *,
        row_number() over (
            partition by evaluation_id
            order by first_seen_at desc, present_file desc, form_seq desc
        ) as revision_rank
    from evaluated
)

select
    * exclude (present_file, first_seen_at, revision_rank)
    replace (present_file as source_file)
from ranked
where revision_rank = 1
order by
    fiscal_year,
    project_name,
    evaluation_id
