with

holdings as (

    select * from {{ ref('stg_holdings') }}

),

latest_statement as (

    select account_id, max(as_of) as as_of
    from holdings
    group by account_id

)

select
    holdings.account_id,
    holdings.as_of,
    holdings.security_id,
    holdings.security_name,
    holdings.units,
    holdings.unit_price,
    coalesce(holdings.market_value, cast(holdings.units * holdings.unit_price as decimal(18, 2))) as market_value,
    holdings.currency,
    holdings.market_value is null as value_derived

from holdings
inner join latest_statement
    on holdings.account_id = latest_statement.account_id
    and holdings.as_of = latest_statement.as_of
