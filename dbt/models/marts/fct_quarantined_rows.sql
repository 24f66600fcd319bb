with

quarantine as (

    select * from {{ ref('stg_quarantine') }}

)

select
    dataset,
    batch_id,
    source_file,
    line_number,
    reason_code,
    reason_detail,
    raw_text,
    file_sha256

from quarantine
