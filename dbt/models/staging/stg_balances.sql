with

source as (

    select * from {{ lake_source('lake', 'balances') }}

),

renamed as (

    select
        account_id,
        cast(balance_date as date) as balance_date,
        cast(balance as decimal(18, 2)) as balance,
        currency,
        batch_id,
        source_file,
        cast(line_number as integer) as line_number

    from source

)

select * from renamed
