with

balances as (

    select * from {{ ref('stg_balances') }}

),

months as (

    select distinct month_start, month_end from {{ ref('dim_date') }}
    where month_start <= (select max(balance_date) from balances)

),

balances_until_month_end as (

    select
        months.month_start,
        months.month_end,
        balances.account_id,
        balances.balance_date,
        balances.balance,
        row_number() over (
            partition by months.month_start, balances.account_id
            order by balances.balance_date desc
        ) as recency

    from months
    inner join balances
        on balances.balance_date <= months.month_end

),

by_month as (

    select
        month_start,
        sum(balance) as net_worth,
        count(*) as accounts_reporting,
        min(balance_date) as oldest_balance_date

    from balances_until_month_end
    where recency = 1
    group by month_start

)

select
    month_start,
    cast(net_worth as decimal(18, 2)) as net_worth,
    accounts_reporting,
    oldest_balance_date,
    cast(net_worth - lag(net_worth) over (order by month_start) as decimal(18, 2)) as change_from_previous_month

from by_month
