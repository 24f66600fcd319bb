{#- Rendered by BashOperator (run_jobs_local, the local engine): the jobs jar's `run` (ingest + curate) for this
    batch, Spark in local mode on this machine, over the lake on local disk or on S3 (s3a).
    jobs_cmd is the java command line up to the main class (the root Makefile's RUN_JOBS, or the image's
    sparkflow-jobs), split on whitespace. #}
{%- set batch = ti.xcom_pull(task_ids="find_landed_files") -%}
set -euo pipefail
exec {{ setting_required("jobs_cmd") }} run --lake "{{ batch.lake }}" --batch-id "{{ batch.batch_id }}" --ingest-date "{{ batch.ingest_date }}"
