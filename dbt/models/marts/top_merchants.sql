with

spending as (

    select * from {{ ref('fct_transactions') }}
    where is_spending
        and has_home_amount

),

merchant_categories as (

    select
        merchant,
        category,
        row_number() over (
            partition by merchant
            order by count(*) desc, sum(spend_amount) desc, category
        ) as category_rank

    from spending
    group by merchant, category

),

merchant_totals as (

    select
        merchant,
        sum(spend_amount) as spend,
        count(*) as transaction_count,
        min(booking_date) as first_seen,
        max(booking_date) as last_seen

    from spending
    group by merchant

)

select
    merchant_totals.merchant,
    merchant_categories.category,
    cast(merchant_totals.spend as decimal(18, 2)) as spend,
    merchant_totals.transaction_count,
    row_number() over (order by merchant_totals.spend desc, merchant_totals.merchant) as spend_rank,
    cast(merchant_totals.spend / merchant_totals.transaction_count as decimal(18, 2)) as average_amount,
    merchant_totals.first_seen,
    merchant_totals.last_seen

from merchant_totals
inner join merchant_categories
    on merchant_totals.merchant = merchant_categories.merchant
    and merchant_categories.category_rank = 1
