-- Money out is negative and money in is not: the sign convention the marts rely on.

select transaction_id, direction, amount

from {{ ref('stg_transactions') }}
where (direction = 'out' and amount > 0)
    or (direction = 'in' and amount < 0)
