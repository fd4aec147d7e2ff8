-- indicator counts by 一级 and 二级 category, framework order first (成本, 产出, 效益, 满意度),
-- then other 一级 names by size.  beyond $max_level1 一级 and $max_level2 二级 per 一级 the
-- categories are folded into one row each, so misspelt level names cannot grow the chart.
with counted as (
    select
        level1,
        level2,
        count(*) as indicator_count,
        count_if(is_quantitative)::bigint as quantitative_count
    from indicators
    group by all
),

level1_rank as (
    select
        level1,
        row_number() over (
            order by
                case level1
                    when '成本指标' then 1
                    when '产出指标' then 2
                    when '效益指标' then 3
                    when '满意度指标' then 4
                    else 5
                end,
                sum(indicator_count) desc,
                level1 nulls last
        ) as level1_rank
    from counted
    group by level1
),

level2_rank as (
    select
        level1,
        level2,
        indicator_count,
        quantitative_count,
        row_number() over (
            partition by level1
            order by indicator_count desc, level2 nulls last
        ) as level2_rank
    from counted
),

bucketed as (
    select
        least(l1.level1_rank, $max_level1 + 1) as level1_rank,
        l1.level1_rank > $max_level1 as is_other_level1,
        case when l1.level1_rank <= $max_level1 then l1.level1 end as level1,
        case
            when l1.level1_rank > $max_level1 then 1
            else least(l2.level2_rank, $max_level2 + 1)
        end as level2_rank,
        l1.level1_rank > $max_level1 or l2.level2_rank > $max_level2 as is_other_level2,
        case
            when l1.level1_rank <= $max_level1 and l2.level2_rank <= $max_level2 then l2.level2
        end as level2,
        l2.indicator_count,
        l2.quantitative_count
    from level2_rank as l2
    join level1_rank as l1
        on l1.level1 is not distinct from l2.level1
)

select
    level1_rank,
    is_other_level1,
    level1,
    level2_rank,
    is_other_level2,
    level2,
    count(*) as category_count,
    sum(indicator_count)::bigint as indicator_count,
    sum(quantitative_count)::bigint as quantitative_count
from bucketed
group by all
order by
    level1_rank,
    level2_rank
