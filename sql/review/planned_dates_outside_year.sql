-- a planned period that does not touch the fiscal year at all (multi-year periods that cover it pass).
-- params: none
with periods as (
    select
        project_id,
        project_name,
        fiscal_year,
        planned_start,
        planned_end,
        make_date(fiscal_year, 1, 1) as year_start,
        make_date(fiscal_year, 12, 31) as year_end
    from projects
    where planned_start is not null
        or planned_end is not null
)

select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」计划实施期 ' || coalesce(planned_start::varchar, '（空）')
        || ' 至 ' || coalesce(planned_end::varchar, '（空）') || ' 与预算年度 '
        || fiscal_year::varchar || ' 年没有交集；请核对计划日期或预算年度' as message,
    json_object(
        'fiscal_year', fiscal_year,
        'planned_start', planned_start,
        'planned_end', planned_end
    )::varchar as details,
    json_object('fiscal_year', fiscal_year, 'planned_start', planned_start, 'planned_end', planned_end)::varchar as subject
from periods
where planned_start > year_end
    or planned_end < year_start
