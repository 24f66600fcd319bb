with

resolutions as (

    select
        batch_id,
        source_file,
        file_sha256,
        cast(line_number as integer) as line_number,
        reason_code,
        resolved_by_batch,
        outcome,
        reason_code_now

    from {{ lake_source('lake', 'quarantine_resolutions') }}

)

select * from resolutions
