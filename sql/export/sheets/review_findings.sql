-- workbook sheet 审核发现: every finding with the project it is about, errors first. what
-- people read is chinese: the rule's name and the severity (rule_title, severity_label) and
-- the decision, joined from review_labels (see pipelines.review.labels), with the ids hidden beside
-- them. the reviewer's columns 决定 / 审核意见 / 审核人 are filled with the current decision;
-- the hidden finding_id is what the import matches rows by, and the hidden decision_seq is
-- the decision shown (a row left as exported is not recorded again, even after a newer
-- decision elsewhere).
with latest as (
    select
        *
    from main.review_decisions
    qualify row_number() over (partition by finding_id order by decision_seq desc) = 1
)

select
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    r.project_id,
    r.indicator_seq,
    rule.label as rule_title,
    severity.label as severity_label,
    r.* exclude (finding_id, project_id, indicator_seq),
    decision.label as review_decision,
    d.comment as review_comment,
    d.reviewer as reviewer,
    r.finding_id,
    d.decision_seq
from main.review_findings as r
left join main.projects as p
    on p.project_id = r.project_id
left join latest as d
    on d.finding_id = r.finding_id
left join review_labels as rule
    on rule.kind = 'rule'
    and rule.id = r.rule_id
left join review_labels as severity
    on severity.kind = 'severity'
    and severity.id = r.severity
left join review_labels as decision
    on decision.kind = 'decision'
    and decision.id = d.decision
order by
    severity.rank nulls last,
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    r.project_id,
    r.indicator_seq nulls first,
    r.rule_id,
    r.message,
    r.details,
    r.finding_id
