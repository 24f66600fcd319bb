with

transactions as (

    select * from {{ ref('stg_transactions') }}
    where status = 'booked'

),

categories as (

    select * from {{ ref('stg_categories') }}

),

classified as (

    select
        transactions.*,
        transactions.direction = 'out'
            and not transactions.is_transfer
            and coalesce(categories.is_spending, false) as is_spending

    from transactions
    left join categories
        on transactions.category = categories.category

),

converted as (

    {{ with_home_rate('classified', ['transaction_id'], 'booking_date', 'currency') }}

),

in_home_currency as (

    select
        converted.*,
        cast(amount * fx_rate_used as decimal(18, 2)) as amount_home

    from converted

)

select
    transaction_id,
    booking_date,
    {{ month_start('booking_date') }} as month_start,
    account_id,
    category,
    category_source,
    category_confidence,
    merchant,
    description,
    amount,
    currency,
    amount_home,
    home_currency,
    fx_rate_used,
    fx_rate_date,
    fx_rate_used is not null as has_home_amount,
    original_amount,
    original_currency,
    fx_rate,
    counterparty_iban,
    transaction_code,
    direction,
    is_transfer,
    is_spending,
    case when is_spending then -amount_home else cast(0 as decimal(18, 2)) end as spend_amount,
    value_date,
    transfer_account_id,
    batch_id,
    source_file

from in_home_currency
