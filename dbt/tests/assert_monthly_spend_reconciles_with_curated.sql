-- Each month's spending across categories equals the curated money out that is not a transfer, in a
-- spending category, computed straight from staging (not through fct_transactions).

with

curated_spending as (

    select
        {{ month_start('transactions.booking_date') }} as month_start,
        sum(-transactions.amount) as spend

    from {{ ref('stg_transactions') }} as transactions
    inner join {{ ref('stg_categories') }} as categories
        on transactions.category = categories.category
    where transactions.direction = 'out'
        and transactions.status = 'booked'
        and not transactions.is_transfer
        and categories.is_spending
    group by 1

),

mart_spending as (

    select month_start, sum(spend) as spend
    from {{ ref('monthly_spend_by_category') }}
    group by month_start

)

select
    coalesce(curated_spending.month_start, mart_spending.month_start) as month_start,
    curated_spending.spend as curated_spend,
    mart_spending.spend as mart_spend

from curated_spending
full outer join mart_spending
    on curated_spending.month_start = mart_spending.month_start
where coalesce(curated_spending.spend, 0) <> coalesce(mart_spending.spend, 0)
