with

source as (

    select * from {{ lake_source('lake', 'budgets') }}

),

renamed as (

    select
        cast(budget_month as date) as budget_month,
        category,
        cast(amount as decimal(18, 2)) as budget_amount,
        currency,
        batch_id,
        source_file,
        cast(line_number as integer) as line_number

    from source

)

select * from renamed
