with

source as (

    select * from {{ lake_source('lake', 'holdings') }}

),

renamed as (

    select
        account_id,
        cast(as_of as date) as as_of,
        security_id,
        security_name,
        cast(units as decimal(24, 6)) as units,
        cast(unit_price as decimal(24, 6)) as unit_price,
        cast(market_value as decimal(18, 2)) as market_value,
        currency,
        batch_id,
        source_file,
        cast(line_number as integer) as line_number

    from source

)

select * from renamed
