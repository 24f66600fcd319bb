-- Cash flow per month equals the fact table's non-transfer money in and out in the home currency, and
-- net = income - spending.

with

fact_flows as (

    select
        month_start,
        sum(case when amount > 0 and not is_transfer then coalesce(amount_home, 0) else 0 end) as income,
        sum(case when amount < 0 and not is_transfer then -coalesce(amount_home, 0) else 0 end) as spending

    from {{ ref('fct_transactions') }}
    group by month_start

),

cash_flow as (

    select * from {{ ref('cash_flow_monthly') }}

)

select
    coalesce(fact_flows.month_start, cash_flow.month_start) as month_start,
    fact_flows.income as fact_income,
    cash_flow.income as mart_income,
    fact_flows.spending as fact_spending,
    cash_flow.spending as mart_spending,
    cash_flow.net as mart_net

from fact_flows
full outer join cash_flow
    on fact_flows.month_start = cash_flow.month_start
where coalesce(fact_flows.income, 0) <> coalesce(cash_flow.income, 0)
    or coalesce(fact_flows.spending, 0) <> coalesce(cash_flow.spending, 0)
    or cash_flow.net <> cash_flow.income - cash_flow.spending
