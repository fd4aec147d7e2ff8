-- a satisfaction target (满意度指标) with no number, a percentage below the usual floor,
-- or only an upper bound.
-- params: $satisfaction_level1, $min_percent, $percent_units
with satisfaction as (
    select
        i.project_id,
        i.seq,
        i.level1,
        i.level2,
        i.name,
        i.target_raw,
        i.target_op,
        i.target_value,
        i.target_unit
    from indicators as i
    where i.level1 = $satisfaction_level1
        and coalesce(trim(i.name), '') <> ''
),

weak as (
    select
        *,
        case
            when target_value is null then 'no_number'
            when target_op in ('<', '<=') then 'upper_bound'
            when list_contains($percent_units::varchar[], target_unit)
                and target_value < $min_percent then 'below_floor'
        end as problem
    from satisfaction
)

select
    project_id,
    seq as indicator_seq,
    '满意度指标「' || name || '」的指标值「' || coalesce(target_raw, '') || '」'
        || case problem
            when 'no_number' then '没有数值'
            when 'upper_bound' then '只设了上限'
            else '低于 ' || $min_percent::varchar || '%'
        end
        || '；满意度目标一般应为 ≥' || $min_percent::varchar || '%，请修改或说明理由' as message,
    json_object(
        'problem', problem,
        'target_raw', target_raw,
        'target_value', target_value,
        'min_percent', $min_percent
    )::varchar as details,
    json_object('level1', level1, 'level2', level2, 'name', name, 'problem', problem, 'target_raw', target_raw)::varchar as subject
from weak
where problem is not null
