{#- Rendered by BashOperator (run_jobs_local, the local engine): the jobs jar's `run` (ingest + curate) for this
    batch, or its `replay` for a replay run, Spark in local mode on this machine, over the lake on local disk or on S3 (s3a).
    jobs_cmd is the java command line up to the main class (the root Makefile's RUN_JOBS, or the image's
    sparkflow-jobs), split on whitespace. #}
{%- set batch = ti.xcom_pull(task_ids="find_landed_files") -%}
set -euo pipefail
{%- if batch.replay %}
exec {{ setting_required("jobs_cmd") }} replay --lake "{{ batch.lake }}" --batch-id "{{ batch.batch_id }}" --ingest-date "{{ batch.ingest_date }}"
{%- if batch.replay.batches %} --batches "{{ batch.replay.batches }}"{% endif %}
{%- if batch.replay.files %} --files "{{ batch.replay.files }}"{% endif %}
{%- else %}
exec {{ setting_required("jobs_cmd") }} run --lake "{{ batch.lake }}" --batch-id "{{ batch.batch_id }}" --ingest-date "{{ batch.ingest_date }}"
{%- endif %}
