-- the projects needing attention: most errors first, then warnings, then all findings; at most
-- $row_limit rows, each with its worst finding (most severe by its place in $severities, the
-- one list), its rules and where the form sits in its file.
with finding_counts as (
    select
        project_id,
        count_if(severity = 'error')::bigint as error_count,
        count_if(severity = 'warning')::bigint as warning_count,
        count_if(severity = 'info')::bigint as info_count,
        count(*) as finding_count
    from review_findings
    group by project_id
),

top_projects as (
    select
        c.*,
        count(*) over () as flagged_total
    from finding_counts as c
    order by
        c.error_count desc,
        c.warning_count desc,
        c.finding_count desc,
        c.project_id
    limit $row_limit
),

ranked_findings as (
    select
        f.project_id,
        f.rule_id,
        f.severity,
        f.message,
        row_number() over (
            partition by f.project_id
            order by
                list_position($severities, f.severity) nulls last,
                f.indicator_seq nulls first,
                f.rule_id
        ) as finding_rank
    from review_findings as f
    semi join top_projects as t
        on t.project_id = f.project_id
),

project_rules as (
    select
        project_id,
        list(distinct rule_id order by rule_id) as rule_ids
    from ranked_findings
    group by project_id
)

select
    t.project_id,
    p.fiscal_year,
    p.project_name,
    p.department,
    p.implementing_unit,
    case
        when length(coalesce(p.annual_goal, p.overall_goal)) > 120
            then left(coalesce(p.annual_goal, p.overall_goal), 120) || '…'
        else coalesce(p.annual_goal, p.overall_goal)
    end as goal_excerpt,
    t.error_count,
    t.warning_count,
    t.info_count,
    t.finding_count,
    t.flagged_total,
    w.severity as worst_severity,
    w.rule_id as worst_rule_id,
    case
        when length(w.message) > 300 then left(w.message, 300) || '…'
        else w.message
    end as worst_message,
    r.rule_ids,
    p.source_file,
    p.source_line,
    p.source_locator
from top_projects as t
join projects as p
    on p.project_id = t.project_id
join ranked_findings as w
    on w.project_id = t.project_id
    and w.finding_rank = 1
join project_rules as r
    on r.project_id = t.project_id
order by
    t.error_count desc,
    t.warning_count desc,
    t.finding_count desc,
    t.project_id
