-- workbook sheet 审核发现: every finding with the project it is about, errors first, and the
-- reviewer's columns (labels as pipelines.decisions.DECISION_LABELS): 决定 / 审核意见 / 审核人 filled with the current decision, the hidden
-- finding_id the import matches rows by, and the hidden decision_seq of the decision shown
-- (a row left as exported is not recorded again, even after a newer decision elsewhere).
select
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    r.* exclude (finding_id),
    case d.decision
        when 'accepted' then '接受'
        when 'dismissed' then '不采纳'
        when 'returned' then '退回修改'
    end as review_decision,
    d.comment as review_comment,
    d.reviewer as reviewer,
    r.finding_id,
    d.decision_seq
from main.review_findings as r
left join main.projects as p
    on p.project_id = r.project_id
left join (
    select
        *
    from main.review_decisions
    qualify row_number() over (partition by finding_id order by decision_seq desc) = 1
) as d
    on d.finding_id = r.finding_id
order by
    case r.severity when 'error' then 1 when 'warning' then 2 when 'info' then 3 else 4 end,
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    r.project_id,
    r.indicator_seq nulls first,
    r.rule_id,
    r.message,
    r.details,
    r.finding_id
