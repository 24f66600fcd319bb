with

payments as (

    select
        merchant,
        account_id,
        category,
        booking_date,
        spend_amount as amount

    from {{ ref('fct_transactions') }}
    where is_spending

),

payments_with_previous as (

    select
        payments.*,
        lag(booking_date) over (partition by merchant, account_id order by booking_date) as previous_date,
        row_number() over (partition by merchant, account_id order by booking_date desc) as recency

    from payments

),

payments_with_gap as (

    select
        payments_with_previous.*,
        {{ days_between('previous_date', 'booking_date') }} as gap_days

    from payments_with_previous

),

series as (

    select
        merchant,
        account_id,
        count(*) as occurrences,
        min(booking_date) as first_seen,
        max(booking_date) as last_seen,
        {{ median('gap_days') }} as median_gap_days,
        {{ median('amount') }} as typical_amount

    from payments_with_gap
    group by merchant, account_id

),

cadences as (

    select 'weekly' as cadence, 6 as min_gap_days, 8 as max_gap_days, 0 as step_months, 7 as step_days,
        4 as min_occurrences, cast(52 as double) / 12 as payments_per_month
    union all
    select 'monthly', 25, 35, 1, 0, 3, cast(1 as double)
    union all
    select 'quarterly', 85, 98, 3, 0, 3, cast(1 as double) / 3
    union all
    select 'yearly', 350, 380, 12, 0, 2, cast(1 as double) / 12

),

series_with_cadence as (

    select
        series.*,
        cadences.cadence,
        cadences.min_gap_days,
        cadences.max_gap_days,
        cadences.step_months,
        cadences.step_days,
        cadences.min_occurrences,
        cadences.payments_per_month

    from series
    inner join cadences
        on series.median_gap_days between cadences.min_gap_days and cadences.max_gap_days

),

regularity as (

    select
        payments_with_gap.merchant,
        payments_with_gap.account_id,
        avg(case
            when payments_with_gap.gap_days is null then null
            when payments_with_gap.gap_days between series_with_cadence.min_gap_days
                and series_with_cadence.max_gap_days then cast(1 as double)
            else cast(0 as double)
        end) as regular_gap_share,
        {{ median('abs(payments_with_gap.amount - series_with_cadence.typical_amount)') }}
            / nullif(series_with_cadence.typical_amount, 0) as amount_spread,
        max(case when payments_with_gap.recency = 1 then payments_with_gap.amount end) as latest_amount,
        max(case when payments_with_gap.recency = 1 then payments_with_gap.category end) as latest_category

    from payments_with_gap
    inner join series_with_cadence
        on payments_with_gap.merchant = series_with_cadence.merchant
        and payments_with_gap.account_id = series_with_cadence.account_id
    group by payments_with_gap.merchant, payments_with_gap.account_id, series_with_cadence.typical_amount

),

recurring as (

    select
        series_with_cadence.*,
        regularity.regular_gap_share,
        regularity.amount_spread,
        regularity.latest_amount,
        regularity.latest_category

    from series_with_cadence
    inner join regularity
        on series_with_cadence.merchant = regularity.merchant
        and series_with_cadence.account_id = regularity.account_id
    where series_with_cadence.occurrences >= series_with_cadence.min_occurrences
        and regularity.regular_gap_share >= {{ var('recurring_min_regular_share') }}
        and regularity.amount_spread <= {{ var('recurring_max_amount_spread') }}

),

as_of as (

    select max(booking_date) as as_of_date from {{ ref('fct_transactions') }}

)

select
    recurring.merchant,
    recurring.account_id,
    recurring.latest_category as category,
    recurring.cadence,
    cast(recurring.typical_amount as decimal(18, 2)) as typical_amount,
    recurring.occurrences,
    recurring.first_seen,
    recurring.last_seen,
    {{ add_to_date('day', 'recurring.step_days', add_to_date('month', 'recurring.step_months', 'recurring.last_seen')) }}
        as next_expected,
    cast(recurring.latest_amount * recurring.payments_per_month as decimal(18, 2)) as monthly_cost,
    recurring.latest_amount,
    round(recurring.regular_gap_share, 3) as regular_gap_share,
    round(recurring.amount_spread, 4) as amount_spread,
    as_of.as_of_date <= {{ add_to_date('day', 'recurring.max_gap_days', 'recurring.last_seen') }} as is_active

from recurring
cross join as_of
