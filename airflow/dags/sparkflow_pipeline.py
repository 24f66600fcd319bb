"""
### SparkFlow pipeline: landing → raw / quarantine / curated → dashboard tables

Every 10 minutes, and right after the instance boots: if files wait under `landing/`, process them as one batch;
if not, skip quietly, so the idle watchdog can stop the instance.

**The engine, per batch**: `choose_engine` adds up the landed bytes. A batch below `local_engine_max_bytes`
(default in config/platform.yml, `pipeline:`) runs on this instance: `run_jobs_local` runs the jobs jar's `run`
(ingest + curate) with Spark in local mode, over the same lake (s3a on S3), then `train_categories` trains a new
version of the category model on the rows overrides and rules categorised and labels the curated months with it
(`train-categories --apply`). A batch at or above it goes to a transient EMR cluster: `create_cluster` starts it
(setup), `submit_jobs` adds the `spark-submit` step of the same `run` (with `--train-categories`: the training in the
same application), `wait_for_jobs` watches it, and `terminate_cluster` (teardown) ends the cluster even when the step fails.
`join_engines` goes on when the chosen engine succeeded and fails the run when it failed. The choice and its reason
(`engine: local (landed 412 KB < 128 MB threshold)`) are in the task log and the batch summary.

Then `check_reports` reads the batch's validation reports (quarantined rows are counted per reason and files
rejected whole are named, not a failure; totals that do not balance are), `build_marts` runs `dbt build --target
athena`, `clear_landing` removes the processed files from `landing/` (the job archived every one to `raw/`, rejected
files too, so a bad file does not fail the next run again), and `publish_summary` sends the batch summary, which
ends with the files rejected whole. Files stay in `landing/` for the next run when anything fails.

**Replay** (a manual trigger with the params `replay_batches` and/or `replay_files`, comma-separated batch ids and
globs or raw paths): after the owner fixed the cause of a rejection in config/, the run takes nothing from
`landing/`: the chosen engine runs the jobs' `replay`, which re-reads those batches' rejected files from `raw/` with
the current config as a new batch and marks the quarantine entries of lines that now pass resolved;
`check_reports` reads its replay report (a replay that changes nothing writes none), and `clear_landing` clears
nothing.

**Local mode** (`SPARKFLOW_EXECUTION=local`, the demo and laptop path): a lake on local disk, always the local
engine, dbt on DuckDB.

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
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Param, get_current_context, task

from include import alerts, emr, engine, lake, reports, settings

log = logging.getLogger(__name__)

# The mode is read when the file is parsed, from the environment alone (no I/O, no Variable lookup): emr (the
# deployed platform: a lake on S3, dbt on Athena, the engine chosen per batch) or local (a lake on this disk, dbt on
# DuckDB, always the local engine). Both modes have the same graph; a deployment keeps one mode for its whole life.
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
    context = get_current_context()
    replay_batches, replay_files = context["params"]["replay_batches"], context["params"]["replay_files"]
    if replay_batches.strip() or replay_files.strip():
        batch = lake.plan_replay(replay_batches, replay_files, context["dag_run"].run_after,
                                 settings.required("lake"), context["dag_run"].run_id)
        log.info("replay %s: batches %r, files %r", batch["batch_id"], replay_batches, replay_files)
        return batch
    files = _lake().landed_files()
    if not files:
        log.info("nothing in landing/: skipping this run")
        return None
    batch = lake.plan_batch(files, get_current_context()["dag_run"].run_after, settings.required("lake"))
    log.info("batch %s: %d landed files", batch["batch_id"], len(files))
    return batch


@task.branch
def choose_engine(batch: dict) -> str:
    """Spark local mode on this instance for a batch below local_engine_max_bytes, else a transient EMR cluster."""
    chosen, reason = engine.choose(engine.landed_bytes(batch), EXECUTION,
                                   int(settings.required("local_engine_max_bytes")))
    log.info("batch %s: %s", batch["batch_id"], reason)
    get_current_context()["ti"].xcom_push(key="engine", value=reason)  # for the batch summary
    return "run_jobs_local" if chosen == engine.LOCAL else "build_cluster_config"


@task
def build_cluster_config(batch: dict) -> dict:
    """The RunJobFlow request for this batch (include/emr_cluster.json with the deployment's settings)."""
    return emr.cluster_config(batch["batch_id"], pendulum.now("UTC"))


@task
def check_reports(batch: dict) -> dict:
    """Reads the batch's ingest and curate reports: fails if they do not balance, logs quarantined rows by reason."""
    the_lake = _lake()
    if batch.get("replay"):
        return _check_replay(the_lake, batch)
    checked = {
        "ingest": reports.check_ingest(the_lake.read_report("ingest", batch["batch_id"])),
        "curate": reports.check_curate(the_lake.read_report("curate", batch["batch_id"])),
        "engine": get_current_context()["ti"].xcom_pull(task_ids="choose_engine", key="engine"),
    }
    for line in reports.describe(checked["ingest"], checked["curate"], checked["engine"]):
        log.info(line)
    return checked


def _check_replay(the_lake: lake.Lake, batch: dict) -> dict:
    """A replay's reports: its replay report, and the ingest and curate reports of its batch when it wrote one."""
    try:
        replay = the_lake.read_report("replay", batch["batch_id"])
    except FileNotFoundError:
        replay = None  # re-reading changed nothing: the job wrote no batch
    checked = {"replay": replay, "batch_id": batch["batch_id"],
               "engine": get_current_context()["ti"].xcom_pull(task_ids="choose_engine", key="engine")}
    if replay is not None:
        checked["ingest"] = reports.check_ingest(the_lake.read_report("ingest", batch["batch_id"]))
        checked["curate"] = reports.check_curate(the_lake.read_report("curate", batch["batch_id"]))
    for line in reports.describe_replay(batch["batch_id"], replay):
        log.info(line)
    return checked


@task
def clear_landing(checked: dict) -> list[str]:
    """Removes the batch's files from landing/ (the job archived them to raw/); a file landed again since stays."""
    if "replay" in checked:
        log.info("a replay reads raw/: nothing to clear from landing/")
        return []
    removed, kept = _lake().clear_landing(checked["ingest"]["processed"])
    log.info("removed %d processed files from landing/", len(removed))
    for path in kept:
        log.warning("kept %s: it changed after the batch read it, the next run takes it", path)
    return removed


@task
def publish_summary(checked: dict) -> None:
    """Tells the owner what the batch did, with every quarantine reason and its count."""
    if "replay" in checked:
        lines = reports.describe_replay(checked["batch_id"], checked["replay"])
        alerts.publish(f"SparkFlow {lines[0].split(':')[0]}", "\n".join(lines))
        return
    ingest = checked["ingest"]
    alerts.publish(f"SparkFlow batch {ingest['batch_id']}: {ingest['rows_quarantined']} rows quarantined",
                   "\n".join(reports.describe(ingest, checked["curate"], checked["engine"])))


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
    params={
        "replay_batches": Param("", type="string", description="Replay these batches (comma-separated ids) instead "
                                "of taking landing/: their rejected files are re-read from raw/ with the current config"),
        "replay_files": Param("", type="string", description="Replay only these files: globs or paths below landing/ "
                              "or in raw/, comma-separated (alone: of every batch with open quarantine entries)"),
    },
) as dag:
    batch = find_landed_files()
    chosen = choose_engine(batch)
    checked = check_reports(batch)
    marts = BashOperator(
        task_id="build_marts",
        bash_command="include/dbt_build.sh",
        params={"dbt_target": "athena" if EXECUTION == "emr" else "local"},  # the lake is in S3 whatever the engine
        env={"SPARKFLOW_LAKE": "{{ ti.xcom_pull(task_ids='find_landed_files')['lake'] }}"},
        append_env=True,
    )

    # The local engine: the jobs jar with Spark in local mode on this instance (jobs_cmd).
    run_jobs_local = BashOperator(task_id="run_jobs_local", bash_command="include/run_jobs_local.sh")
    train_categories = BashOperator(task_id="train_categories", bash_command="include/train_categories.sh")

    # The EMR engine: a transient cluster, torn down whatever happens to the step.
    cluster_config = build_cluster_config(batch)
    create_cluster = EmrCreateJobFlowOperator(
        task_id="create_cluster",
        aws_conn_id=AWS_CONN_ID,
        emr_conn_id=None,  # the whole request comes from build_cluster_config, not a connection's extras
        job_flow_overrides=cluster_config,
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

    # After the branch: one engine ran, the other was skipped. The join goes on when the chosen one succeeded (a
    # skipped path is no failure) and is upstream_failed when it failed, so nothing after it runs on a failed batch.
    join_engines = EmptyOperator(task_id="join_engines", trigger_rule="none_failed_min_one_success")
    chosen >> [run_jobs_local, cluster_config]
    run_jobs_local >> train_categories
    [train_categories, wait_for_jobs] >> join_engines

    join_engines >> checked >> marts >> clear_landing(checked) >> publish_summary(checked)
