"""Messages to people: failure alerts and batch summaries, to an SNS topic and optionally a Slack webhook."""

from __future__ import annotations

import logging

from include import reports, settings
from include.lake import AWS_CONN_ID

log = logging.getLogger(__name__)

# Task ids of the pipeline DAG whose XComs an alert quotes.
FIND_TASK = "find_landed_files"
CHECK_TASK = "check_reports"
CLUSTER_TASK = "create_cluster"
STEP_TASK = "submit_jobs"


def on_task_failure(context) -> None:
    """on_failure_callback: tells the owner which DAG, task and batch failed and where the logs are."""
    ti = context["ti"]
    subject = f"SparkFlow: {ti.dag_id}.{ti.task_id} failed"
    message = failure_message(context)
    log.error("%s\n%s", subject, message)
    # An alert that cannot be sent must not replace the task's own error in its log, so it is logged, not raised.
    try:
        publish(subject, message)
    except Exception:
        log.exception("could not send the failure alert")


def failure_message(context) -> str:
    """The alert's text: DAG, task, run, batch, error, log locations, and the batch's quarantine counts if known."""
    ti = context["ti"]
    batch = ti.xcom_pull(task_ids=FIND_TASK) or {}
    lines = [
        f"DAG: {ti.dag_id}",
        f"task: {ti.task_id} (attempt {ti.try_number})",
        f"run: {ti.run_id}",
        f"batch: {batch.get('batch_id', 'not yet assigned')} ({len(batch.get('files', []))} landed files)",
        f"error: {context.get('exception')}",
        f"task log: {task_log_location(ti)}",
    ]
    cluster_id = ti.xcom_pull(task_ids=CLUSTER_TASK)
    step_ids = ti.xcom_pull(task_ids=STEP_TASK)
    emr_logs = settings.get("emr_log_uri")
    if cluster_id and emr_logs:
        step = f"steps/{step_ids[0]}/" if step_ids else ""
        lines.append(f"EMR logs: {emr_logs.rstrip('/')}/{cluster_id}/{step}")
    checked = ti.xcom_pull(task_ids=CHECK_TASK)
    if checked:
        lines += reports.describe(checked["ingest"], checked["curate"])
    return "\n".join(lines)


def task_log_location(ti) -> str:
    """The task's log in the UI and, with remote logging on, its object (Airflow's own log file name template)."""
    from airflow.sdk import conf
    from jinja2 import Template

    where = [ti.log_url]
    remote = conf.get("logging", "remote_base_log_folder", fallback="")
    if remote and conf.getboolean("logging", "remote_logging", fallback=False):
        name = Template(conf.get("logging", "log_filename_template")).render(ti=ti, try_number=ti.try_number)
        where.append(f"{remote.rstrip('/')}/{name}")
    return " | ".join(where)


def publish(subject: str, message: str) -> list[str]:
    """Sends to the SNS topic and the Slack webhook that are configured; returns where it went."""
    sent = []
    topic = settings.get("alert_topic_arn")
    if topic:
        from airflow.providers.amazon.aws.hooks.sns import SnsHook

        # SNS subjects: at most 100 printable ASCII characters.
        SnsHook(aws_conn_id=AWS_CONN_ID).publish_to_target(topic, message, subject=subject[:100])
        sent.append(topic)
    slack = _slack_connection()
    if slack:
        from airflow.providers.http.hooks.http import HttpHook

        HttpHook(method="POST", http_conn_id=slack).run(endpoint="", json={"text": f"*{subject}*\n{message}"})
        sent.append(f"slack ({slack})")
    if not sent:
        log.warning("no alert_topic_arn or Slack connection configured: the message is in this task log only")
    return sent


def _slack_connection() -> str | None:
    from airflow.sdk import BaseHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    conn_id = settings.get("slack_conn_id")
    try:
        BaseHook.get_connection(conn_id)
    except AirflowNotFoundException:  # not configured: Slack is optional
        return None
    return conn_id
