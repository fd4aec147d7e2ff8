-- the review's progress: findings without a decision, current decisions by kind and state.
select
    (select count(*) from open_findings) as open_findings,
    count_if(decision = 'accepted' and finding_state = 'standing') as accepted,
    count_if(decision = 'dismissed' and finding_state = 'standing') as dismissed,
    count_if(decision = 'returned' and finding_state = 'standing') as returned,
    count_if(finding_state = 'resolved') as resolved
from current_decisions
