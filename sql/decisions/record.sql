-- append the decisions of a batch (incoming_frame) that change a finding's decision; importing
-- the same workbook twice is a no-op. the finding's project, rule,
-- severity and text are copied, so a decision stays readable after its finding is gone.
insert into review_decisions by name
with current_decision as (
    select
        finding_id,
        decision,
        comment
    from review_decisions
    qualify row_number() over (partition by finding_id order by decision_seq desc) = 1
),

-- a row is left out when its decision and comment are the finding's current ones, or those
-- of the decision the workbook was exported with (a row nobody touched must not undo a
-- newer decision made since the export). the reviewer is not compared: a row left as
-- exported is no new decision, whoever imports it (--reviewer fills an empty 审核人) and
-- whatever its 审核人 says.
changing as (
    select
        d.* exclude (exported_seq)
    from incoming_frame as d
    anti join current_decision as c
        on c.finding_id = d.finding_id
        and c.decision = d.decision
        and c.comment is not distinct from d.comment
    anti join review_decisions as shown
        on shown.decision_seq = d.exported_seq
        and shown.finding_id = d.finding_id
        and shown.decision = d.decision
        and shown.comment is not distinct from d.comment
),

numbered as (
    select
        changing.*,
        row_number() over (order by changing.source_row nulls last, changing.finding_id)
            as batch_seq
    from changing
)

select
    (select coalesce(max(decision_seq), 0) from review_decisions) + n.batch_seq
        as decision_seq,
    n.finding_id,
    r.project_id,
    r.rule_id,
    r.indicator_seq,
    n.decision,
    n.comment,
    n.reviewer,
    n.decided_at,
    n.source,
    n.source_row,
    r.severity,
    r.message
from numbered as n
join review_findings as r
    on r.finding_id = n.finding_id
returning
    finding_id
