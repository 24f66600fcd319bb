with

euro_rates as (

    select
        rate_date,
        quote_currency as currency,
        rate as per_euro

    from {{ ref('stg_fx_rates') }}
    where base_currency = 'EUR'

),

published_days as (

    select distinct rate_date from euro_rates

),

per_euro as (

    select rate_date, currency, per_euro from euro_rates

    union all

    select rate_date, 'EUR' as currency, cast(1 as decimal(20, 10)) as per_euro from published_days

),

home as (

    select rate_date, per_euro as home_per_euro
    from per_euro
    where currency = '{{ var("home_currency") }}'

)

select
    per_euro.rate_date,
    per_euro.currency,
    '{{ var("home_currency") }}' as home_currency,
    cast(home.home_per_euro / per_euro.per_euro as decimal(20, 10)) as fx_rate

from per_euro
inner join home
    on per_euro.rate_date = home.rate_date
where per_euro.currency <> '{{ var("home_currency") }}'
