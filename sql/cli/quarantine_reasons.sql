select reason_code, count(*) as n
from quarantine
group by reason_code
order by n desc, reason_code
limit 10
