{%- set datasets = ['transactions', 'balances', 'budgets', 'fx_rates'] -%}

with

{% for dataset in datasets %}
quarantine_{{ dataset }} as (

    select
        '{{ dataset }}' as dataset,
        batch_id,
        source_file,
        file_sha256,
        cast(line_number as integer) as line_number,
        raw_text,
        reason_code,
        reason_detail

    from {{ lake_source('lake', 'quarantine_' ~ dataset) }}

),

{% endfor %}
unioned as (

    {% for dataset in datasets %}
    select * from quarantine_{{ dataset }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
