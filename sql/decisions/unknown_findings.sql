-- decisions of a batch (incoming_frame) whose finding is not among the current findings.
select
    d.source_row,
    d.finding_id
from incoming_frame as d
anti join review_findings as r
    on r.finding_id = d.finding_id
order by
    d.source_row nulls last
