{#- Rendered by BashOperator (train_categories, the local engine's second task): the jobs jar's `train-categories
    --apply` over the lake the batch was curated into: a new version of the category model from the rows overrides
    and rules categorised, then every curated month labelled again with it, before dbt builds the marts. (On EMR the
    step's `run --train-categories` does the same in the batch's own application.) #}
{%- set batch = ti.xcom_pull(task_ids="find_landed_files") -%}
set -euo pipefail
exec {{ setting_required("jobs_cmd") }} train-categories --apply --lake "{{ batch.lake }}"
