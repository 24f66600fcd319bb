with

spending as (

    select
        transaction_id,
        booking_date,
        account_id,
        merchant,
        category,
        spend_amount as amount

    from {{ ref('fct_transactions') }}
    where is_spending

),

merchant_typical as (

    select
        merchant,
        count(*) as merchant_payments,
        min(booking_date) as merchant_first_seen,
        {{ median('amount') }} as merchant_median

    from spending
    group by merchant

),

category_typical as (

    select
        category,
        {{ median('amount') }} as category_median

    from spending
    group by category

),

compared as (

    select
        spending.*,
        merchant_typical.merchant_payments >= {{ var('unusual_min_merchant_history') }} as merchant_has_history,
        spending.booking_date = merchant_typical.merchant_first_seen as is_first_at_merchant,
        merchant_typical.merchant_median,
        category_typical.category_median

    from spending
    inner join merchant_typical
        on spending.merchant = merchant_typical.merchant
    inner join category_typical
        on spending.category = category_typical.category

),

flagged as (

    select
        compared.*,
        case
            when merchant_has_history then
                case
                    when amount >= {{ var('unusual_min_ratio') }} * merchant_median
                        and amount - merchant_median >= {{ var('unusual_min_excess') }}
                    then 'above_merchant_typical'
                end
            when is_first_at_merchant then
                case
                    when amount >= {{ var('unusual_min_ratio') }} * category_median
                        and amount >= {{ var('unusual_first_time_min_amount') }}
                    then 'first_time_large_merchant'
                end
            when amount >= {{ var('unusual_min_ratio') }} * category_median
                and amount - category_median >= {{ var('unusual_min_excess') }}
            then 'above_category_typical'
        end as reason,
        case when merchant_has_history then merchant_median else category_median end as typical

    from compared

)

select
    transaction_id,
    booking_date,
    account_id,
    merchant,
    category,
    amount,
    cast(typical as decimal(18, 2)) as typical_amount,
    round(cast(amount as double) / typical, 2) as ratio,
    reason

from flagged
where reason is not null
