{#- The median of a numeric expression, as a double: exact on DuckDB, approx_percentile on Athena (Trino
    has no exact percentile; its error is far below the thresholds the marts apply). -#}
{% macro median(expr) -%}
    {{ return(adapter.dispatch('median', 'sparkflow')(expr)) }}
{%- endmacro %}

{% macro duckdb__median(expr) -%}
    quantile_cont(cast({{ expr }} as double), 0.5)
{%- endmacro %}

{% macro athena__median(expr) -%}
    approx_percentile(cast({{ expr }} as double), 0.5)
{%- endmacro %}
