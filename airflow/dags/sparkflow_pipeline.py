"""
### SparkFlow pipeline: landing → raw / quarantine / curated → dashboard tables

Every 10 minutes, and right after the instance boots: if files wait under `landing/`, process them as one batch;
if not, skip quietly, so the idle watchdog can stop the instance.

**EMR mode** (default): `create_cluster` starts a transient single-node EMR cluster (setup), `submit_jobs` adds the
`spark-submit` step of the jobs jar's `run` (ingest + curate) for the batch, `wait_for_jobs` watches it, and
`terminate_cluster` (teardown) ends the cluster even when the step fails. Then `check_reports` reads the batch's
validation reports (quarantined rows are counted per reason and files rejected whole are named, not a failure;
totals that do not balance are), `build_marts` runs `dbt build --target athena`, `clear_landing` removes the
processed files from `landing/` (the job archived every one to `raw/`, rejected files too, so a bad file does not
fail the next run again), and `publish_summary` sends the batch summary, which ends with the files rejected whole.
Files stay in `landing/` for the next run when anything fails.

**Local mode** (`SPARKFLOW_EXECUTION=local`): the same steps with Spark in local mode (`run_jobs`) and dbt on
DuckDB, over a lake on local disk.

Every task failure sends an alert (SNS topic, optional Slack webhook) naming the DAG, task, batch and log location.
Settings (Airflow Variables `sparkflow_*` or env `SPARKFLOW_*`): see `airflow/README.md`.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta

import pendulum
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, get_current_context, task

from include import alerts, emr, lake, reports, settings

log = logging.getLogger(__name__)

# The mode is chosen when the file is parsed, from the environment alone (no I/O, no Variable lookup): the two
# modes differ in tasks, not only in parameters, and one deployment runs in one mode for its whole life, so the
# graph shows what really runs instead of a branch that is always skipped.
EXECUTION = os.environ.get("SPARKFLOW_EXECUTION", "emr")
if EXECUTION not in ("emr", "local"):
    raise ValueError(f"SPARKFLOW_EXECUTION must be 'emr' or 'local', not {EXECUTION!r}")
# The step sensor defers to the triggerer in production; tests shorten the interval and also run it in poke mode.
EMR_DEFERRABLE = os.environ.get("SPARKFLOW_EMR_DEFERRABLE", "true").lower() == "true"
EMR_POKE_SECONDS = int(os.environ.get("SPARKFLOW_EMR_POKE_SECONDS", "60"))
EMR_STEP_TIMEOUT = timedelta(hours=2)
AWS_CONN_ID = lake.AWS_CONN_ID


def _lake() -> lake.Lake:
    """The deployment's lake (S3 or local disk), opened at task time."""
    return lake.Lake.open(settings.required("lake"), settings.get("config_dir"), AWS_CONN_ID)


def _lake_vars() -> str:
    """Template macro: dbt --vars with the zone prefixes of lake.yml."""
    return lake.Layout.load(settings.get("config_dir")).dbt_vars()


@task.short_circuit
def find_landed_files() -> dict | None:
    """The batch this run processes (files in landing/, batch id, ingest date); None skips the rest of the run."""
    files = _lake().landed_files()
    if not files:
        log.info("nothing in landing/: skipping this run")
        return None
    batch = lake.plan_batch(files, get_current_context()["dag_run"].run_after, settings.required("lake"))
    log.info("batch %s: %d landed files", batch["batch_id"], len(files))
    return batch


@task
def build_cluster_config(batch: dict) -> dict:
    """The RunJobFlow request for this batch (include/emr_cluster.json with the deployment's settings)."""
    return emr.cluster_config(batch["batch_id"], pendulum.now("UTC"))


@task
def check_reports(batch: dict) -> dict:
    """Reads the batch's ingest and curate reports: fails if they do not balance, logs quarantined rows by reason."""
    the_lake = _lake()
    checked = {
        "ingest": reports.check_ingest(the_lake.read_report("ingest", batch["batch_id"])),
        "curate": reports.check_curate(the_lake.read_report("curate", batch["batch_id"])),
    }
    for line in reports.describe(checked["ingest"], checked["curate"]):
        log.info(line)
    return checked


@task
def clear_landing(checked: dict) -> list[str]:
    """Removes the batch's files from landing/ (the job archived them to raw/); a file landed again since stays."""
    removed, kept = _lake().clear_landing(checked["ingest"]["processed"])
    log.info("removed %d processed files from landing/", len(removed))
    for path in kept:
        log.warning("kept %s: it changed after the batch read it, the next run takes it", path)
    return removed


@task
def publish_summary(checked: dict) -> None:
    """Tells the owner what the batch did, with every quarantine reason and its count."""
    ingest = checked["ingest"]
    alerts.publish(f"SparkFlow batch {ingest['batch_id']}: {ingest['rows_quarantined']} rows quarantined",
                   "\n".join(reports.describe(ingest, checked["curate"])))


with DAG(
    dag_id="sparkflow_pipeline",
    doc_md=__doc__,
    schedule="*/10 * * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # one batch at a time: two runs must never take the same landed files
    dagrun_timeout=timedelta(hours=3),
    default_args={
        "retries": 1,
        "retry_delay": timedelta(minutes=2),
        "on_failure_callback": alerts.on_task_failure,
    },
    user_defined_macros={
        "setting": settings.get,
        "setting_required": settings.required,
        "lake_vars": _lake_vars,
    },
    tags=["sparkflow", EXECUTION],
) as dag:
    batch = find_landed_files()
    checked = check_reports(batch)
    marts = BashOperator(
        task_id="build_marts",
        bash_command="include/dbt_build.sh",
        params={"dbt_target": "athena" if EXECUTION == "emr" else "local"},
        env={"SPARKFLOW_LAKE": "{{ ti.xcom_pull(task_ids='find_landed_files')['lake'] }}"},
        append_env=True,
    )

    if EXECUTION == "emr":
        create_cluster = EmrCreateJobFlowOperator(
            task_id="create_cluster",
            aws_conn_id=AWS_CONN_ID,
            emr_conn_id=None,  # the whole request comes from build_cluster_config, not a connection's extras
            job_flow_overrides=build_cluster_config(batch),
        )
        submit_jobs = EmrAddStepsOperator(
            task_id="submit_jobs",
            aws_conn_id=AWS_CONN_ID,
            job_flow_id=create_cluster.output,
            steps="include/emr_steps.json",
        )
        wait_for_jobs = EmrStepSensor(
            task_id="wait_for_jobs",
            aws_conn_id=AWS_CONN_ID,
            job_flow_id=create_cluster.output,
            step_id="{{ ti.xcom_pull(task_ids='submit_jobs')[0] }}",
            deferrable=EMR_DEFERRABLE,
            poke_interval=EMR_POKE_SECONDS,
            timeout=EMR_STEP_TIMEOUT.total_seconds(),
            max_attempts=int(EMR_STEP_TIMEOUT.total_seconds() // EMR_POKE_SECONDS),  # the deferred wait's limit
            retries=0,  # a failed step stays failed: retrying the sensor only delays the teardown and the alert
        )
        terminate_cluster = EmrTerminateJobFlowOperator(
            task_id="terminate_cluster",
            aws_conn_id=AWS_CONN_ID,
            job_flow_id=create_cluster.output,
        )
        submit_jobs >> wait_for_jobs >> terminate_cluster.as_teardown(setups=create_cluster)
        jobs_done = wait_for_jobs
    else:
        jobs_done = BashOperator(task_id="run_jobs", bash_command="include/run_jobs_local.sh")
        batch >> jobs_done

    jobs_done >> checked >> marts >> clear_landing(checked) >> publish_summary(checked)
