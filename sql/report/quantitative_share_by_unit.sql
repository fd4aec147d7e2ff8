-- share of indicators with a numeric target per implementing unit (the department when a form
-- names none): the $top_units units with the most indicators, the rest folded into one row,
-- lowest share first so the units to talk to come on top.  read from the tables rather than
-- indicator_mix_by_unit, whose count(distinct project_id) per level costs seconds at a million
-- forms and is not needed here.
with per_unit as (
    select
        coalesce(p.implementing_unit, p.department) as unit,
        count(*) as indicator_count,
        count_if(i.is_quantitative) as quantitative_count
    from indicators as i
    join projects as p
        on p.project_id = i.project_id
    group by all
),

ranked as (
    select
        unit,
        indicator_count,
        quantitative_count,
        row_number() over (order by indicator_count desc, unit nulls last) as unit_rank,
        count(*) over () as unit_total
    from per_unit
),

bucketed as (
    select
        unit_rank > $top_units as is_other_unit,
        case when unit_rank <= $top_units then unit end as unit,
        least(unit_rank, $top_units + 1) as unit_rank,
        unit_total,
        indicator_count,
        quantitative_count
    from ranked
)

select
    is_other_unit,
    unit,
    unit_rank,
    unit_total,
    sum(indicator_count)::bigint as indicator_count,
    sum(quantitative_count)::bigint as quantitative_count,
    sum(quantitative_count) / sum(indicator_count) as quantitative_share
from bucketed
group by all
order by
    is_other_unit,
    quantitative_share,
    unit_rank
