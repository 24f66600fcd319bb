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
        balances.account_id,
        balances.balance_date,
        balances.balance,
        balances.currency,
        row_number() over (
            partition by months.month_start, balances.account_id
            order by balances.balance_date desc
        ) as recency

    from months
    inner join balances
        on balances.balance_date <= months.month_end

),

latest_balances as (

    select * from balances_until_month_end
    where recency = 1

),

converted as (

    {{ with_home_rate('latest_balances', ['month_start', 'account_id'], 'balance_date', 'currency') }}

)

select
    month_start,
    account_id,
    balance_date,
    balance,
    currency,
    cast(balance * fx_rate_used as decimal(18, 2)) as balance_home,
    home_currency,
    fx_rate_used,
    fx_rate_date

from converted
