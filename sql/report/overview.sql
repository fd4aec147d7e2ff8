-- headline counts of the published warehouse, one row, for the report's header.  no money
-- here: amounts are per fiscal year (years.sql), never one sum across years.
with project_side as (
    select
        count(*) as project_count,
        count(distinct coalesce(implementing_unit, department)) as unit_count
    from project_funds
),

indicator_side as (
    select
        count(*) as indicator_count,
        coalesce(count_if(is_quantitative), 0)::bigint as quantitative_count
    from indicators
),

finding_side as (
    select
        count(*) as finding_count,
        count(distinct project_id) as flagged_project_count
    from review_findings
),

file_side as (
    select
        coalesce(count_if(status <> 'removed'), 0)::bigint as file_count,
        coalesce(count_if(status in ('quarantined', 'partial')), 0)::bigint as problem_file_count,
        coalesce(count_if(status = 'quarantined'), 0)::bigint as quarantined_file_count,
        coalesce(count_if(status = 'partial'), 0)::bigint as partial_file_count
    from ingest_files
),

department_side as (
    select count(*) as department_target_count
    from department_targets
),

quarantine_side as (
    select count(*) as quarantine_count
    from quarantine
)

select *
from project_side
cross join indicator_side
cross join finding_side
cross join file_side
cross join quarantine_side
cross join department_side
