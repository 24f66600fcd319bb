-- Net worth at each month end equals the sum of each account's latest balance at or before it, found here
-- by the latest date per account (not by ranking rows, as the mart does).

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

expected as (

    select
        latest_dates.month_start,
        sum(balances.balance) as net_worth,
        count(*) as accounts_reporting

    from latest_dates
    inner join balances
        on latest_dates.account_id = balances.account_id
        and latest_dates.balance_date = balances.balance_date
    group by latest_dates.month_start

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
