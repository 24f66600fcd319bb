{#- Rendered by BashOperator (local mode): the jobs jar's `run` (ingest + curate) for this batch, Spark in local mode.
    jobs_cmd is the java command line up to the main class (the root Makefile's RUN_JOBS), split on whitespace. #}
{%- set batch = ti.xcom_pull(task_ids="find_landed_files") -%}
set -euo pipefail
exec {{ setting_required("jobs_cmd") }} run --lake "{{ batch.lake }}" --batch-id "{{ batch.batch_id }}" --ingest-date "{{ batch.ingest_date }}"
