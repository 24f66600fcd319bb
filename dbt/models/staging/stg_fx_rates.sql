with

source as (

    select * from {{ lake_source('lake', 'fx_rates') }}

),

renamed as (

    select
        cast(rate_date as date) as rate_date,
        base_currency,
        quote_currency,
        cast(rate as decimal(20, 10)) as rate,
        batch_id,
        source_file,
        cast(line_number as integer) as line_number

    from source

)

select * from renamed
