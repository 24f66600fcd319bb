{#- Rendered by BashOperator: dbt build (models and their tests) on the mode's target (athena on EMR, local DuckDB
    here). dbt writes its target/ and logs to a scratch folder: the project folder may be read-only in the image. #}
set -euo pipefail
work="$(mktemp -d -t sparkflow-dbt.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"{{ setting('dbt') }}" --no-use-colors build --project-dir "{{ setting('dbt_project_dir') }}" --profiles-dir "{{ setting('dbt_project_dir') }}" \
  --target "{{ params.dbt_target }}" --vars '{{ lake_vars() }}' --target-path "$work/target" --log-path "$work/logs"
