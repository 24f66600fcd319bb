-- Net worth at each month end equals the sum of each account's latest balance at or before it, found here
-- by the latest date per account (not by ranking rows, as the mart does), in the home currency at the latest
-- rate on or up to var fx_lookback_days before the balance date (balances without one are left out).

with

balances as (

    select * from {{ ref('stg_balances') }}

),

month_ends as (

    select distinct month_start, month_end from {{ ref('dim_date') }}

),

latest_dates as (

    select
        month_ends.month_start,
        balances.account_id,
        max(balances.balance_date) as balance_date

    from month_ends
    inner join balances
        on balances.balance_date <= month_ends.month_end
    group by month_ends.month_start, balances.account_id

),

latest as (

    select latest_dates.month_start, balances.account_id, balances.balance_date, balances.balance, balances.currency

    from latest_dates
    inner join balances
        on latest_dates.account_id = balances.account_id
        and latest_dates.balance_date = balances.balance_date

),

rate_days as (

    select latest.month_start, latest.account_id, max(rates.rate_date) as rate_date

    from latest
    inner join {{ ref('dim_fx_rate') }} as rates
        on rates.currency = latest.currency
        and rates.rate_date between {{ add_to_date('day', -var('fx_lookback_days'), 'latest.balance_date') }}
            and latest.balance_date
    group by latest.month_start, latest.account_id

),

expected as (

    select
        latest.month_start,
        coalesce(sum(case
            when latest.currency = '{{ var("home_currency") }}' then latest.balance
            else cast(latest.balance * rates.fx_rate as decimal(18, 2))
        end), 0) as net_worth,
        count(*) as accounts_reporting

    from latest
    left join rate_days
        on latest.month_start = rate_days.month_start
        and latest.account_id = rate_days.account_id
    left join {{ ref('dim_fx_rate') }} as rates
        on rates.currency = latest.currency
        and rates.rate_date = rate_days.rate_date
    group by latest.month_start

),

net_worth as (

    select * from {{ ref('net_worth_monthly') }}

)

select
    net_worth.month_start,
    expected.net_worth as expected_net_worth,
    net_worth.net_worth as mart_net_worth,
    expected.accounts_reporting as expected_accounts,
    net_worth.accounts_reporting as mart_accounts

from net_worth
left join expected
    on net_worth.month_start = expected.month_start
where expected.month_start is null
    or expected.net_worth <> net_worth.net_worth
    or expected.accounts_reporting <> net_worth.accounts_reporting
