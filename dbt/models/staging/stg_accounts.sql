with

source as (

    select * from {{ lake_source('lake', 'accounts') }}

),

renamed as (

    select
        account_id,
        account_name,
        institution,
        account_type,
        currency

    from source

)

select * from renamed
