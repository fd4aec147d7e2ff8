-- categories declared not applicable or left blank, of current projects and department
-- targets only (a superseded or retired form's declarations are not the owner's).
-- project rows only for the projects of pipeline_state.build_scope; department rows always whole.
delete from category_declarations
where owner_kind <> 'project'
    or owner_id in (select project_id from pipeline_state.build_scope);

insert into category_declarations by name
with project_rows as (
    select
        declarations.* exclude (form_seq) replace (projects.source_file as source_file)
    from pipeline_state.parsed_category_declarations as declarations
    join projects
        on projects.source_sha256 = declarations.source_sha256
        and projects.form_seq = declarations.form_seq
        and projects.project_id = declarations.owner_id
    where declarations.owner_kind = 'project'
        and projects.project_id in (select project_id from pipeline_state.build_scope)
),

department_rows as (
    select
        declarations.* exclude (form_seq) replace (targets.source_file as source_file)
    from pipeline_state.parsed_category_declarations as declarations
    join department_targets as targets
        on targets.source_sha256 = declarations.source_sha256
        and targets.form_seq = declarations.form_seq
        and targets.target_id = declarations.owner_id
    where declarations.owner_kind = 'department'
)

select * from project_rows
union all by name
select * from department_rows
order by
    owner_kind,
    owner_id,
    seq
