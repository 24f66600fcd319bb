-- Every booked curated transaction reaches the fact table once, with its amount: no row lost or doubled by a join
-- (pending rows stay out until their booked row replaces them).

with

curated as (

    select count(*) as row_count, sum(amount) as total_amount from {{ ref('stg_transactions') }}
    where status = 'booked'

),

fact as (

    select count(*) as row_count, sum(amount) as total_amount from {{ ref('fct_transactions') }}

)

select
    curated.row_count as curated_rows,
    fact.row_count as fact_rows,
    curated.total_amount as curated_amount,
    fact.total_amount as fact_amount

from curated
cross join fact
where curated.row_count <> fact.row_count
    or coalesce(curated.total_amount, 0) <> coalesce(fact.total_amount, 0)
