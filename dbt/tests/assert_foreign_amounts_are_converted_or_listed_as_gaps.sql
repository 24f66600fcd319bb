-- Every booked amount in another currency than the home currency is either converted (amount_home set, with the rate
-- and its date) or listed in fx_rate_gaps, and nothing is converted at a rate dated after its booking day or more
-- than var fx_lookback_days before it.

with

facts as (

    select * from {{ ref('fct_transactions') }}

),

gaps as (

    select row_id from {{ ref('fx_rate_gaps') }}
    where row_kind = 'transaction'

)

select facts.transaction_id, facts.currency, facts.amount_home, facts.fx_rate_date, gaps.row_id as gap

from facts
left join gaps
    on facts.transaction_id = gaps.row_id
where (facts.amount_home is null) <> (gaps.row_id is not null)
    or (facts.currency = facts.home_currency and facts.amount_home <> facts.amount)
    or (facts.currency <> facts.home_currency and facts.amount_home is not null
        and (facts.fx_rate_date > facts.booking_date
            or facts.fx_rate_date < {{ add_to_date('day', -var('fx_lookback_days'), 'facts.booking_date') }}))
