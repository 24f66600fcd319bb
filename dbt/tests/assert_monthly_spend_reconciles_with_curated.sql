-- Each month's spending across categories equals the curated money out that is not a transfer, in a
-- spending category, computed straight from staging (not through fct_transactions or the conversion macro): a
-- foreign amount at the latest rate into the home currency on or up to var fx_lookback_days before its day.

with

spent as (

    select transactions.*

    from {{ ref('stg_transactions') }} as transactions
    inner join {{ ref('stg_categories') }} as categories
        on transactions.category = categories.category
    where transactions.direction = 'out'
        and transactions.status = 'booked'
        and not transactions.is_transfer
        and categories.is_spending

),

rate_days as (

    select spent.transaction_id, max(rates.rate_date) as rate_date

    from spent
    inner join {{ ref('dim_fx_rate') }} as rates
        on rates.currency = spent.currency
        and rates.rate_date between {{ add_to_date('day', -var('fx_lookback_days'), 'spent.booking_date') }}
            and spent.booking_date
    group by spent.transaction_id

),

curated_spending as (

    select
        {{ month_start('spent.booking_date') }} as month_start,
        sum(case
            when spent.currency = '{{ var("home_currency") }}' then -spent.amount
            else -cast(spent.amount * rates.fx_rate as decimal(18, 2))
        end) as spend

    from spent
    left join rate_days
        on spent.transaction_id = rate_days.transaction_id
    left join {{ ref('dim_fx_rate') }} as rates
        on rates.currency = spent.currency
        and rates.rate_date = rate_days.rate_date
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
