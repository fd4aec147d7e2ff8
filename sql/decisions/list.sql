-- review list: current findings with their current decision; $open_only keeps the ones
-- without a decision, $unit (null: all) one implementing unit. what people read comes
-- first, in chinese (rule_title, severity_label, decision_label from review_labels, see
-- pipelines.review.labels); the ids follow for scripts (rule_id, severity, decision).
select
    r.finding_id,
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    r.indicator_seq,
    rule.label as rule_title,
    severity.label as severity_label,
    decision.label as decision_label,
    d.reviewer,
    d.comment,
    r.message,
    r.rule_id,
    r.severity,
    d.decision
from review_findings as r
left join projects as p
    on p.project_id = r.project_id
left join current_decisions as d
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
where (not $open_only or d.finding_id is null)
    and ($unit is null or p.implementing_unit = $unit)
order by
    severity.rank nulls last,
    p.fiscal_year,
    p.implementing_unit,
    p.project_name,
    r.indicator_seq nulls first,
    r.rule_id,
    r.finding_id
