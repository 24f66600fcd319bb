with

spending as (

    select * from {{ ref('fct_transactions') }}
    where is_spending

),

by_month_and_category as (

    select
        month_start,
        category,
        coalesce(sum(spend_amount), 0) as spend,
        count(*) as transaction_count,
        count(*) - count(spend_amount) as transactions_missing_rate

    from spending
    group by month_start, category

)

select
    month_start,
    category,
    cast(spend as decimal(18, 2)) as spend,
    transaction_count,
    '{{ var("home_currency") }}' as currency,
    cast(transactions_missing_rate as integer) as transactions_missing_rate

from by_month_and_category
