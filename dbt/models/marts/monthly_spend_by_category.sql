with

spending as (

    select * from {{ ref('fct_transactions') }}
    where is_spending

),

by_month_and_category as (

    select
        month_start,
        category,
        sum(spend_amount) as spend,
        count(*) as transaction_count

    from spending
    group by month_start, category

)

select
    month_start,
    category,
    cast(spend as decimal(18, 2)) as spend,
    transaction_count

from by_month_and_category
