{#- Date helpers over the common subset of DuckDB and Trino (Athena); only what differs is dispatched. -#}

{#- The first day of the month of a date, as a date (DuckDB's date_trunc returns a timestamp). -#}
{% macro month_start(date_expr) -%}
    cast({{ dbt.date_trunc('month', date_expr) }} as date)
{%- endmacro %}

{#- The last day of the month of a date. -#}
{% macro month_end(date_expr) -%}
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, sparkflow.month_start(date_expr))) }} as date)
{%- endmacro %}

{#- A date moved by a (possibly column-valued) number of days or months. -#}
{% macro add_to_date(datepart, interval, date_expr) -%}
    cast({{ dbt.dateadd(datepart, interval, date_expr) }} as date)
{%- endmacro %}

{#- Whole days from one date to another (date_diff means the same on DuckDB and Trino). -#}
{% macro days_between(first_date, second_date) -%}
    cast(date_diff('day', {{ first_date }}, {{ second_date }}) as integer)
{%- endmacro %}

{#- ISO day of the week: 1 = Monday .. 7 = Sunday. -#}
{% macro day_of_week_iso(date_expr) -%}
    {{ return(adapter.dispatch('day_of_week_iso', 'sparkflow')(date_expr)) }}
{%- endmacro %}

{% macro duckdb__day_of_week_iso(date_expr) -%}
    cast(isodow({{ date_expr }}) as integer)
{%- endmacro %}

{% macro trino__day_of_week_iso(date_expr) -%}
    cast(day_of_week({{ date_expr }}) as integer)
{%- endmacro %}

{#- Athena (engine v3) runs Trino: the same SQL. -#}
{% macro athena__day_of_week_iso(date_expr) -%}
    {{ sparkflow.trino__day_of_week_iso(date_expr) }}
{%- endmacro %}

{#- An array of every day from first_day to last_day inclusive, to be unnested (its elements may be
    timestamps: cast them to date). -#}
{% macro day_sequence(first_day, last_day) -%}
    {{ return(adapter.dispatch('day_sequence', 'sparkflow')(first_day, last_day)) }}
{%- endmacro %}

{% macro duckdb__day_sequence(first_day, last_day) -%}
    generate_series({{ first_day }}, {{ last_day }}, interval 1 day)
{%- endmacro %}

{% macro trino__day_sequence(first_day, last_day) -%}
    sequence({{ first_day }}, {{ last_day }}, interval '1' day)
{%- endmacro %}

{#- Athena (engine v3) runs Trino: the same SQL. -#}
{% macro athena__day_sequence(first_day, last_day) -%}
    {{ sparkflow.trino__day_sequence(first_day, last_day) }}
{%- endmacro %}
