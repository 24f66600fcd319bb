with

dated_rows as (

    select booking_date as day_seen from {{ ref('stg_transactions') }}
    union all
    select balance_date as day_seen from {{ ref('stg_balances') }}
    union all
    select budget_month as day_seen from {{ ref('stg_budgets') }}

),

date_range as (

    select
        {{ month_start('min(day_seen)') }} as first_day,
        {{ month_end('max(day_seen)') }} as last_day

    from dated_rows

),

days as (

    select cast(sequence_day as date) as date_day

    from date_range
    cross join unnest({{ day_sequence('first_day', 'last_day') }}) as sequence_days (sequence_day)

),

described as (

    select
        date_day,
        {{ month_start('date_day') }} as month_start,
        {{ month_end('date_day') }} as month_end,
        cast(extract(year from date_day) as integer) as year,
        cast(extract(month from date_day) as integer) as month,
        cast(extract(quarter from date_day) as integer) as quarter,
        {{ day_of_week_iso('date_day') }} as day_of_week

    from days

)

select
    date_day,
    month_start,
    month_end,
    year,
    month,
    quarter,
    day_of_week,
    day_of_week >= 6 as is_weekend

from described
