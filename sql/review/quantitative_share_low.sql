-- too few indicators with a numeric target: the project cannot be scored objectively.
-- params: $min_share (0..1)
with mix as (
    select
        project_id,
        count(*) as indicator_count,
        count_if(is_quantitative) as quantitative_count
    from indicators
    group by project_id
),

low as (
    select
        m.project_id,
        p.project_name,
        m.indicator_count,
        m.quantitative_count,
        m.quantitative_count / m.indicator_count as share
    from mix as m
    join projects as p
        on p.project_id = m.project_id
    where m.quantitative_count / m.indicator_count < $min_share
)

select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」定量指标 ' || quantitative_count::varchar || '/'
        || indicator_count::varchar || ' 项（' || format('{:.1f}', 100 * share)
        || '%），低于 ' || format('{:.0f}', 100 * $min_share)
        || '%；请把可量化的产出、效益指标改写为数值目标（如 ≥95%、=240 人次）' as message,
    json_object(
        'indicator_count', indicator_count,
        'quantitative_count', quantitative_count,
        'share', round(share, 4)
    )::varchar as details,
    json_object('indicator_count', indicator_count, 'quantitative_count', quantitative_count)::varchar as subject
from low
