with

balances as (

    select * from {{ ref('balances_monthly') }}

),

by_month as (

    select
        month_start,
        coalesce(sum(balance_home), 0) as net_worth,
        count(*) as accounts_reporting,
        count(*) - count(balance_home) as accounts_missing_rate,
        min(balance_date) as oldest_balance_date

    from balances
    group by month_start

)

select
    month_start,
    cast(net_worth as decimal(18, 2)) as net_worth,
    accounts_reporting,
    cast(accounts_missing_rate as integer) as accounts_missing_rate,
    '{{ var("home_currency") }}' as currency,
    oldest_balance_date,
    cast(net_worth - lag(net_worth) over (order by month_start) as decimal(18, 2)) as change_from_previous_month

from by_month
