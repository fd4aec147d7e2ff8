-- What the published warehouse holds now.
select
    (select count(*) from projects) as projects,
    (select count(*) from indicators) as indicators,
    (select count(*) from department_targets) as department_targets,
    (select count(*) from self_evaluations)
        + (select count(*) from department_self_evaluations) as self_evaluations,
    (select count(*) from ingest_files where status <> 'removed') as files,
    (select count(*) from quarantine) as quarantined
