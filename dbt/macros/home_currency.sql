{#- The rows of a CTE with the rate that converts each into the home currency (var home_currency): the rate of its
    day, else the latest earlier one within var fx_lookback_days (dim_fx_rate); rows already in the home currency
    take 1. Adds home_currency, fx_rate_used and fx_rate_date; both are null when no rate is near enough: such a row
    has no home-currency value and is never converted at 1.0. `keys` are the columns that identify a row. -#}
{% macro with_home_rate(rows, keys, date_column, currency_column) -%}
    {%- set home = var('home_currency') -%}
    select
        {{ rows }}.*,
        '{{ home }}' as home_currency,
        case
            when {{ rows }}.{{ currency_column }} = '{{ home }}' then cast(1 as decimal(20, 10))
            else latest_rate.fx_rate
        end as fx_rate_used,
        case
            when {{ rows }}.{{ currency_column }} = '{{ home }}' then cast(null as date)
            else latest_rate.rate_date
        end as fx_rate_date

    from {{ rows }}
    left join (

        select * from (

            select
                {%- for key in keys %}
                {{ rows }}.{{ key }} as row_key_{{ loop.index }},
                {%- endfor %}
                dim_fx_rate.fx_rate,
                dim_fx_rate.rate_date,
                row_number() over (
                    partition by {% for key in keys %}{{ rows }}.{{ key }}{{ ", " if not loop.last }}{% endfor %}
                    order by dim_fx_rate.rate_date desc
                ) as recency

            from {{ rows }}
            inner join {{ ref('dim_fx_rate') }} as dim_fx_rate
                on dim_fx_rate.currency = {{ rows }}.{{ currency_column }}
                and dim_fx_rate.rate_date <= {{ rows }}.{{ date_column }}
                and dim_fx_rate.rate_date >= {{ sparkflow.add_to_date('day', -var('fx_lookback_days'), rows ~ '.' ~ date_column) }}

        ) as ranked
        where recency = 1

    ) as latest_rate
        on {% for key in keys %}latest_rate.row_key_{{ loop.index }} = {{ rows }}.{{ key }}{{ " and " if not loop.last }}{% endfor %}
{%- endmacro %}
