-- dim_date has every day between its first and last, whole months, and ISO weekdays
-- (2024-01-01 was a Monday).

with

days as (

    select * from {{ ref('dim_date') }}

),

span as (

    select
        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as day_count

    from days

),

broken_span as (

    select 'span' as problem, first_day as date_day
    from span
    where day_count <> {{ days_between('first_day', 'last_day') }} + 1
        or first_day <> {{ month_start('first_day') }}
        or last_day <> {{ month_end('last_day') }}

),

wrong_weekday as (

    select 'weekday' as problem, date_day
    from days
    where day_of_week <> ((({{ days_between("date '2024-01-01'", 'date_day') }} % 7) + 7) % 7) + 1

)

select * from broken_span
union all
select * from wrong_weekday
