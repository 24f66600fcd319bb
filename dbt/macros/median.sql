{#- The exact median of a numeric expression, as a double: the mean of the middle one or two sorted non-null
    values, as DuckDB's quantile_cont(0.5) computes it. Trino, and so Athena, has no exact percentile, and its
    approx_percentile differs on small groups (11.50 where the median is 12.00 in the unusual_transactions unit
    test on Trino), which moves marginal flags: there the middle values are picked from the sorted values. -#}
{% macro median(expr) -%}
    {{ return(adapter.dispatch('median', 'sparkflow')(expr)) }}
{%- endmacro %}

{% macro duckdb__median(expr) -%}
    quantile_cont(cast({{ expr }} as double), 0.5)
{%- endmacro %}

{% macro trino__median(expr) -%}
    {%- set sorted -%}
        array_sort(array_agg(cast({{ expr }} as double)) filter (where {{ expr }} is not null))
    {%- endset -%}
    ((element_at({{ sorted }}, cast((count({{ expr }}) + 1) / 2 as integer))
      + element_at({{ sorted }}, cast(count({{ expr }}) / 2 + 1 as integer))) / 2)
{%- endmacro %}

{#- Athena (engine v3) runs Trino: the same SQL. -#}
{% macro athena__median(expr) -%}
    {{ sparkflow.trino__median(expr) }}
{%- endmacro %}
