select
    coalesce(sum(amount_yuan) filter (where item = 'total'), 0) as total_yuan,
    coalesce(sum(amount_yuan) filter (where item = 'annual_total'), 0) as annual_total_yuan
from funds
