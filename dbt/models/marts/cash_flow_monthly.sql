with

transactions as (

    select * from {{ ref('fct_transactions') }}

),

months as (

    select distinct month_start from {{ ref('dim_date') }}
    where month_start between (select min(month_start) from transactions)
        and (select max(month_start) from transactions)

),

flows as (

    select
        month_start,
        sum(case when direction = 'in' and not is_transfer then amount_home else 0 end) as income,
        sum(case when direction = 'out' and not is_transfer then -amount_home else 0 end) as spending,
        sum(case when not has_home_amount and not is_transfer then 1 else 0 end) as transactions_missing_rate

    from transactions
    group by month_start

),

monthly as (

    select
        months.month_start,
        cast(coalesce(flows.income, 0) as decimal(18, 2)) as income,
        cast(coalesce(flows.spending, 0) as decimal(18, 2)) as spending,
        cast(coalesce(flows.transactions_missing_rate, 0) as integer) as transactions_missing_rate

    from months
    left join flows
        on months.month_start = flows.month_start

)

select
    month_start,
    income,
    spending,
    cast(income - spending as decimal(18, 2)) as net,
    case
        when income > 0 then round(cast(income - spending as double) / cast(income as double), 4)
    end as savings_rate,
    '{{ var("home_currency") }}' as currency,
    transactions_missing_rate

from monthly
