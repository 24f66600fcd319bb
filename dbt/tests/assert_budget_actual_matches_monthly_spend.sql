-- A budget's actual is that month's spending in the category, or 0 when there was none.

select
    budgets.month_start,
    budgets.category,
    budgets.actual,
    spend.spend

from {{ ref('budget_vs_actual') }} as budgets
left join {{ ref('monthly_spend_by_category') }} as spend
    on budgets.month_start = spend.month_start
    and budgets.category = spend.category
where budgets.actual <> coalesce(spend.spend, 0)
    or budgets.remaining <> budgets.budget - budgets.actual
