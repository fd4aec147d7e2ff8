-- headline counts of the published warehouse, one row, for the report's header.
with project_side as (
    select
        count(*) as project_count,
        count(distinct coalesce(implementing_unit, department)) as unit_count,
        count(annual_total) as annual_count,
        sum(annual_total) as annual_total,
        sum(total) as total
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
        coalesce(count_if(status in ('quarantined', 'partial')), 0)::bigint as problem_file_count
    from ingest_files
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
