{#- A model's schema is its configured schema as written (sparkflow_staging, sparkflow_marts) on every target,
    not dbt's default "<target schema>_<custom>": dashboards name the same schema on DuckDB and Athena. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
