-- a planned start date after the planned end date.
-- params: none
select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」计划开始日期 ' || planned_start::varchar || ' 晚于计划完成日期 '
        || planned_end::varchar || '；请核对日期' as message,
    json_object('planned_start', planned_start, 'planned_end', planned_end)::varchar as details,
    json_object('planned_start', planned_start, 'planned_end', planned_end)::varchar as subject
from projects
where planned_start > planned_end
