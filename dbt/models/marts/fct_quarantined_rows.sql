with

quarantine as (

    select * from {{ ref('stg_quarantine') }}

),

settled as (

    select distinct
        batch_id,
        file_sha256,
        line_number,
        resolved_by_batch,
        outcome

    from {{ ref('stg_quarantine_resolutions') }}

)

select
    quarantine.dataset,
    quarantine.batch_id,
    quarantine.source_file,
    quarantine.line_number,
    quarantine.reason_code,
    quarantine.reason_detail,
    quarantine.raw_text,
    quarantine.file_sha256,
    coalesce(settled.outcome, 'open') as status,
    settled.resolved_by_batch

from quarantine
left join settled
    on quarantine.batch_id = settled.batch_id
    and quarantine.file_sha256 = settled.file_sha256
    and quarantine.line_number = settled.line_number
