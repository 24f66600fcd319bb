with

transactions as (

    select * from {{ ref('fct_transactions') }}
    where not has_home_amount

),

balances as (

    select * from {{ ref('stg_balances') }}

),

converted_balances as (

    {{ with_home_rate('balances', ['account_id', 'balance_date'], 'balance_date', 'currency') }}

),

gaps as (

    select
        'transaction' as row_kind,
        transaction_id as row_id,
        account_id,
        booking_date as row_date,
        amount,
        currency

    from transactions

    union all

    select
        'balance' as row_kind,
        account_id || '@' || cast(balance_date as varchar) as row_id,
        account_id,
        balance_date as row_date,
        balance as amount,
        currency

    from converted_balances
    where fx_rate_used is null

)

select
    row_kind,
    row_id,
    account_id,
    row_date,
    {{ month_start('row_date') }} as month_start,
    amount,
    currency,
    '{{ var("home_currency") }}' as home_currency

from gaps
