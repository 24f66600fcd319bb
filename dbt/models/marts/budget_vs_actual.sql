with

budgets as (

    select * from {{ ref('stg_budgets') }}

),

monthly_spend as (

    select * from {{ ref('monthly_spend_by_category') }}

),

budget_with_actual as (

    select
        budgets.budget_month as month_start,
        budgets.category,
        budgets.budget_amount as budget,
        coalesce(monthly_spend.spend, cast(0 as decimal(18, 2))) as actual

    from budgets
    left join monthly_spend
        on budgets.budget_month = monthly_spend.month_start
        and budgets.category = monthly_spend.category

)

select
    month_start,
    category,
    budget,
    actual,
    cast(budget - actual as decimal(18, 2)) as remaining,
    case
        when budget > 0 then round(100 * cast(actual as double) / cast(budget as double), 1)
    end as pct_used,
    case
        when actual > budget then 'over'
        when budget > 0
            and cast(actual as double) >= {{ var('budget_near_share') }} * cast(budget as double) then 'near'
        else 'under'
    end as status

from budget_with_actual
