{#- A lake table for a staging model: the source itself on Athena, where the Glue table always exists
    (partition projection, empty when no file was landed). On DuckDB the source reads Parquet files, and a
    dataset nobody has landed yet has none: read_parquet would fail, so it becomes an empty relation typed
    from the source's declared columns. -#}
{% macro lake_source(source_name, table_name) -%}
    {{ return(adapter.dispatch('lake_source', 'sparkflow')(source_name, table_name)) }}
{%- endmacro %}

{% macro default__lake_source(source_name, table_name) -%}
    {{ source(source_name, table_name) }}
{%- endmacro %}

{% macro duckdb__lake_source(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ relation }}
    {%- else -%}
        {%- set node = graph.sources.values() | selectattr('source_name', 'equalto', source_name)
                                              | selectattr('name', 'equalto', table_name) | first -%}
        {%- set pattern = node.source_meta.lake_root ~ '/' ~ node.meta.lake_path -%}
        {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
        {%- if found > 0 -%}
            {{ relation }}
        {%- else -%}
            {{ log("no files at " ~ pattern ~ ": " ~ source_name ~ "." ~ table_name ~ " is read as empty", info=true) }}
            (select
            {%- for column in node.columns.values() %}
                cast(null as {{ column.data_type }}) as {{ column.name }}{{ "," if not loop.last }}
            {%- endfor %}
            where false)
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
