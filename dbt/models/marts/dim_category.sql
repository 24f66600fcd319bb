with

categories as (

    select * from {{ ref('stg_categories') }}

)

select
    category,
    rule_order,
    direction,
    is_spending

from categories
