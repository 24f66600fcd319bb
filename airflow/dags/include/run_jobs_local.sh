{#- Rendered by BashOperator (run_jobs_local, the local engine): the jobs jar's `run` (ingest + curate) for this
    batch, or its `replay` for a replay run, Spark in local mode on this machine, over the lake on local disk or on S3 (s3a).
    jobs_cmd is the java command line up to the main class (the root Makefile's RUN_JOBS, or the image's
    sparkflow-jobs), split on whitespace. #}
{%- set batch = ti.xcom_pull(task_ids="find_landed_files") -%}
{%- set replay = batch.get("replay") -%}
set -euo pipefail
args=(--lake "{{ batch.lake }}" --batch-id "{{ batch.batch_id }}" --ingest-date "{{ batch.ingest_date }}")
{% if replay and replay.batches %}args+=(--batches "{{ replay.batches }}")
{% endif %}{% if replay and replay.files %}args+=(--files "{{ replay.files }}")
{% endif %}exec {{ setting_required("jobs_cmd") }} {{ "replay" if replay else "run" }} "${args[@]}"
