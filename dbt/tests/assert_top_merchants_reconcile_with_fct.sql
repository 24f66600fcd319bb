-- The merchants' spending adds up to all spending in the fact table, and their counts to its rows (those in the
-- home currency or converted into it).

with

merchants as (

    select sum(spend) as spend, sum(transaction_count) as transaction_count
    from {{ ref('top_merchants') }}

),

fact as (

    select sum(spend_amount) as spend, count(*) as transaction_count
    from {{ ref('fct_transactions') }}
    where is_spending
        and has_home_amount

)

select
    merchants.spend as merchant_spend,
    fact.spend as fact_spend,
    merchants.transaction_count as merchant_rows,
    fact.transaction_count as fact_rows

from merchants
cross join fact
where coalesce(merchants.spend, 0) <> coalesce(fact.spend, 0)
    or coalesce(merchants.transaction_count, 0) <> coalesce(fact.transaction_count, 0)
