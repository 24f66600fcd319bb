with

source as (

    select * from {{ lake_source('lake', 'transactions') }}

),

renamed as (

    select
        transaction_id,
        account_id,
        cast(booking_date as date) as booking_date,
        cast(value_date as date) as value_date,
        cast(amount as decimal(18, 2)) as amount,
        currency,
        direction,
        description,
        merchant,
        category,
        cast(is_transfer as boolean) as is_transfer,
        transfer_account_id,
        reference,
        cast(occurrence as integer) as occurrence,
        coalesce(status, 'booked') as status,
        cast(original_amount as decimal(18, 2)) as original_amount,
        original_currency,
        cast(fx_rate as decimal(20, 10)) as fx_rate,
        counterparty_iban,
        transaction_code,
        end_to_end_id,
        category_source,
        cast(category_confidence as double) as category_confidence,
        batch_id,
        source_file,
        cast(line_number as integer) as line_number

    from source

)

select * from renamed
