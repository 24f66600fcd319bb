with

source as (

    select * from {{ lake_source('lake', 'categories') }}

),

renamed as (

    select
        category,
        cast(rule_order as integer) as rule_order,
        direction,
        cast(is_spending as boolean) as is_spending

    from source

)

select * from renamed
