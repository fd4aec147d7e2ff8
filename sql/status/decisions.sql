-- the review's progress: findings without a decision, current decisions by kind and state.
select
    (select count(*) from open_findings) as open_findings,
    count(*) filter (where decision = 'accepted' and finding_state = 'standing') as accepted,
    count(*) filter (where decision = 'dismissed' and finding_state = 'standing') as dismissed,
    count(*) filter (where decision = 'returned' and finding_state = 'standing') as returned,
    count(*) filter (where finding_state = 'resolved') as resolved
from current_decisions
