select coalesce(sum(amount_yuan), 0) as total_yuan
from funds
where item = 'total'
