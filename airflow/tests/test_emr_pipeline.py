"""
EMR mode with dag.test() against moto in server mode (connection aws_default with endpoint_url): the cluster and
step requests, teardown after a failed step, landing cleared only after success, alerts and summaries on SNS.

moto never runs a step: a thread settles it (COMPLETED or FAILED) in moto's backend once the DAG submits it, and for
a completed step writes the sample household's reports where the job would. dbt on Athena cannot run against moto,
so build_marts is marked successful instead of run (mark_success_pattern).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
import requests
from moto.core import DEFAULT_ACCOUNT_ID
from moto.emr.models import emr_backends
from moto.sns.models import sns_backends

from conftest import EMR_PATH, LOCAL_PATH, REPO, env, landed_bytes, task_states
from include import engine

REGION = "us-east-1"
LAKE_BUCKET, ARTIFACTS_BUCKET = "sparkflow-lake", "sparkflow-artifacts"
JOBS_JAR = f"s3://{ARTIFACTS_BUCKET}/jars/emr-jobs.jar"
EMR_LOGS = f"s3://{ARTIFACTS_BUCKET}/emr-logs/"
SKIP_DBT_ON_ATHENA = "build_marts"


@pytest.fixture
def aws(moto_server, monkeypatch):
    """A fresh moto: the lake and artifacts buckets, the alert topic, and Airflow's aws_default pointing at it."""
    requests.post(f"{moto_server}/moto-api/reset", timeout=10).raise_for_status()
    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", json.dumps({
        "conn_type": "aws", "login": "testing", "password": "testing",
        "extra": {"region_name": REGION, "endpoint_url": moto_server}}))
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    s3, emr, sns = (session.client(name, endpoint_url=moto_server) for name in ("s3", "emr", "sns"))
    for bucket in (LAKE_BUCKET, ARTIFACTS_BUCKET):
        s3.create_bucket(Bucket=bucket)
    topic = sns.create_topic(Name="sparkflow-alerts")["TopicArn"]
    return SimpleNamespace(s3=s3, emr=emr, topic=topic, env={
        "SPARKFLOW_LAKE": f"s3://{LAKE_BUCKET}", "SPARKFLOW_JOBS_JAR": JOBS_JAR, "SPARKFLOW_EMR_LOG_URI": EMR_LOGS,
        "SPARKFLOW_ALERT_TOPIC_ARN": topic, "SPARKFLOW_EMR_DEFERRABLE": "false", "SPARKFLOW_EMR_POKE_SECONDS": "1"})


@pytest.fixture
def at_the_threshold(sample_landing) -> dict[str, str]:
    """The threshold set to the sample household's exact size: a batch AT the threshold goes to EMR."""
    return {"SPARKFLOW_LOCAL_ENGINE_MAX_BYTES": str(landed_bytes(sample_landing))}


@pytest.fixture
def landed(aws, sample_landing) -> list[str]:
    """The sample household uploaded to s3://<lake>/landing/; returns the paths below landing/."""
    paths = sorted(p.relative_to(sample_landing).as_posix() for p in sample_landing.rglob("*") if p.is_file())
    for path in paths:
        aws.s3.upload_file(str(sample_landing / path), LAKE_BUCKET, f"landing/{path}")
    return paths


@pytest.fixture
def slack(monkeypatch):
    """A stand-in Slack incoming webhook on localhost, configured as the sparkflow_slack connection."""
    received: list[dict] = []

    class Webhook(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AIRFLOW_CONN_SPARKFLOW_SLACK", json.dumps(
        {"conn_type": "http", "host": f"http://127.0.0.1:{server.server_address[1]}/services/T0/B0/x"}))
    yield received
    server.shutdown()


def landing_keys(aws) -> list[str]:
    listed = aws.s3.list_objects_v2(Bucket=LAKE_BUCKET, Prefix="landing/").get("Contents", [])
    return sorted(obj["Key"][len("landing/"):] for obj in listed)


def sample_report(kind: str) -> dict:
    """The report the demo's run of the jobs wrote for the sample household (not its replay's)."""
    (path,) = [p for p in (Path(env("SPARKFLOW_TEST_SAMPLE")) / "reports" / kind).glob("*.json")
               if not p.name.startswith("replay-")]
    return json.loads(path.read_text())


def settle_step(state: str, aws=None, after_seconds: float = 3) -> threading.Thread:
    """
    A few seconds after the DAG added its step (the sensor sees it running first), sets it to `state`; for
    COMPLETED, first writes the reports the job would.
    """

    def run():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            for cluster in list(emr_backends[DEFAULT_ACCOUNT_ID][REGION].clusters.values()):
                if cluster.steps:
                    time.sleep(after_seconds)
                    step = cluster.steps[0]
                    if state == "COMPLETED":
                        batch_id = step.args[step.args.index("--batch-id") + 1]
                        for kind in ("ingest", "curate"):
                            report = {**sample_report(kind), "batch_id": batch_id}
                            aws.s3.put_object(Bucket=LAKE_BUCKET, Key=f"reports/{kind}/{batch_id}.json",
                                              Body=json.dumps(report).encode())
                    step.state = state
                    return
            time.sleep(0.2)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def the_cluster(aws) -> dict:
    (summary,) = aws.emr.list_clusters()["Clusters"]
    return aws.emr.describe_cluster(ClusterId=summary["Id"])["Cluster"]


def instance_groups(aws, cluster_id: str) -> list[tuple]:
    groups = aws.emr.list_instance_groups(ClusterId=cluster_id)["InstanceGroups"]
    return sorted((g["InstanceGroupType"], g["InstanceType"], g["RequestedInstanceCount"]) for g in groups)


def notifications(aws) -> list[tuple[str, str]]:
    """(subject, message) of everything published to the alert topic (SnsHook sends {"default": message})."""
    topic = sns_backends[DEFAULT_ACCOUNT_ID][REGION].topics[aws.topic]
    return [(subject, json.loads(message)["default"]) for _, message, subject, *_ in topic.sent_notifications]


def test_a_batch_at_the_threshold_runs_on_a_single_node_cluster_then_clears_landing(load_dag, aws, landed,
                                                                                   at_the_threshold):
    settle_step("COMPLETED", aws)
    # the production sensor: deferred, its trigger (aiobotocore) run inline by dag.test()
    dag = load_dag("emr", **{**aws.env, **at_the_threshold, "SPARKFLOW_EMR_DEFERRABLE": "true"})
    assert dag.get_task("wait_for_jobs").deferrable

    run = dag.test(mark_success_pattern=SKIP_DBT_ON_ATHENA)

    assert task_states(run) == {t: "skipped" if t in LOCAL_PATH else "success" for t in dag.task_ids}
    batch = run.get_task_instance("find_landed_files").xcom_pull(task_ids="find_landed_files")
    assert [f["path"] for f in batch["files"]] == landed
    cluster = the_cluster(aws)
    assert cluster["ReleaseLabel"] == "emr-7.13.0"
    assert cluster["AutoTerminate"] is False  # KeepJobFlowAliveWhenNoSteps: the DAG adds the step after creation
    assert cluster["LogUri"] == EMR_LOGS
    assert cluster["Status"]["State"] == "TERMINATED"
    assert {"Key": "Project", "Value": "sparkflow"} in cluster["Tags"]
    assert {"Key": "sparkflow:batch-id", "Value": batch["batch_id"]} in cluster["Tags"]
    assert any(tag["Key"] == "sparkflow:expires-at" for tag in cluster["Tags"])
    assert instance_groups(aws, cluster["Id"]) == [("MASTER", "m5.xlarge", 1)]
    # moto ignores AutoTerminationPolicy, so the request the DAG sent is checked instead
    sent = run.get_task_instance("build_cluster_config").xcom_pull(task_ids="build_cluster_config")
    assert sent["AutoTerminationPolicy"] == {"IdleTimeout": 900}
    assert sent["Instances"]["KeepJobFlowAliveWhenNoSteps"] is True
    (step,) = aws.emr.list_steps(ClusterId=cluster["Id"])["Steps"]
    assert step["ActionOnFailure"] == "CONTINUE"
    assert step["Config"]["Jar"] == "command-runner.jar"
    assert step["Config"]["Args"] == [
        "spark-submit", "--deploy-mode", "client", "--class", "dev.sparkflow.jobs.Main", JOBS_JAR,
        "run", "--lake", f"s3://{LAKE_BUCKET}", "--batch-id", batch["batch_id"], "--ingest-date", batch["ingest_date"],
        "--train-categories"]  # the category model trained and applied in the same application, before dbt
    assert landing_keys(aws) == []
    ((subject, message),) = notifications(aws)
    assert batch["batch_id"] in subject and "quarantined IMPOSSIBLE_DATE: 3" in message
    size = engine.human(int(at_the_threshold["SPARKFLOW_LOCAL_ENGINE_MAX_BYTES"]))
    assert f"engine: emr (landed {size} >= {size} threshold)" in message


def test_a_failed_step_still_terminates_the_cluster_leaves_landing_and_alerts(load_dag, aws, landed, slack,
                                                                             at_the_threshold, monkeypatch):
    # sizing from Airflow Variables (here through their AIRFLOW_VAR_ environment form)
    monkeypatch.setenv("AIRFLOW_VAR_SPARKFLOW_EMR_INSTANCE_TYPE", "m6g.xlarge")
    monkeypatch.setenv("AIRFLOW_VAR_SPARKFLOW_EMR_CORE_INSTANCE_COUNT", "2")
    # remote task logs as on the instance: the alert names the log object too
    monkeypatch.setenv("AIRFLOW__LOGGING__REMOTE_LOGGING", "True")
    monkeypatch.setenv("AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER", f"s3://{ARTIFACTS_BUCKET}/airflow-logs")
    settle_step("FAILED")
    # the threshold as an Airflow Variable this time (it wins over the platform default)
    (threshold,) = at_the_threshold.values()
    monkeypatch.setenv("AIRFLOW_VAR_SPARKFLOW_LOCAL_ENGINE_MAX_BYTES", threshold)
    dag = load_dag("emr", **aws.env)

    run = dag.test(mark_success_pattern=SKIP_DBT_ON_ATHENA)

    states = task_states(run)
    assert str(run.state) == "failed"
    assert states["run_jobs_local"] == "skipped"
    assert states["wait_for_jobs"] == "failed"
    assert states["terminate_cluster"] == "success"
    assert {states[t] for t in ("join_engines", "check_reports", "build_marts", "clear_landing",
                                "publish_summary")} == {"upstream_failed"}
    cluster = the_cluster(aws)
    assert cluster["Status"]["State"] == "TERMINATED"
    assert instance_groups(aws, cluster["Id"]) == [("CORE", "m6g.xlarge", 2), ("MASTER", "m6g.xlarge", 1)]
    assert landing_keys(aws) == landed
    batch = run.get_task_instance("find_landed_files").xcom_pull(task_ids="find_landed_files")
    (step,) = aws.emr.list_steps(ClusterId=cluster["Id"])["Steps"]
    ((subject, message),) = notifications(aws)
    assert subject == "SparkFlow: sparkflow_pipeline.wait_for_jobs failed"
    for expected in ("DAG: sparkflow_pipeline", "task: wait_for_jobs", f"batch: {batch['batch_id']}",
                     "task log: http", f"EMR logs: {EMR_LOGS}{cluster['Id']}/steps/{step['Id']}/",
                     f"s3://{ARTIFACTS_BUCKET}/airflow-logs/dag_id=sparkflow_pipeline/run_id={run.run_id}/"
                     "task_id=wait_for_jobs/attempt=1.log"):
        assert expected in message
    assert slack == [{"text": f"*{subject}*\n{message}"}]


def test_a_batch_below_the_threshold_runs_the_jobs_jar_here_through_s3a_then_clears_landing(load_dag, aws, landed,
                                                                                            sample_landing,
                                                                                            moto_server, monkeypatch):
    """
    The cloud path of a small batch: the image's jobs_cmd (image/bin/sparkflow-jobs, its 1.5 GiB heap) runs the jobs
    jar with Spark in local mode over s3://<lake> through s3a and hadoop-aws (the classpath `make build` writes to
    emr-jobs/target/instance-lib, what the image copies), here against moto's S3. No cluster is asked for.
    """
    threshold = landed_bytes(sample_landing) + 1
    target = REPO / "emr-jobs" / "target"
    monkeypatch.setenv("JOBS_JAR", str(target / "emr-jobs.jar"))
    monkeypatch.setenv("JOBS_LIB", str(target / "instance-lib"))
    # on the instance s3a finds the role through IMDS; here moto's endpoint and its test keys
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", " ".join(f"-Dspark.hadoop.fs.s3a.{key}={value}" for key, value in {
        "endpoint": moto_server, "endpoint.region": REGION, "path.style.access": "true",
        "connection.ssl.enabled": "false", "access.key": "testing", "secret.key": "testing",
        "aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"}.items()))
    dag = load_dag("emr", **aws.env, SPARKFLOW_LOCAL_ENGINE_MAX_BYTES=str(threshold),
                   SPARKFLOW_JOBS_CMD=str(REPO / "airflow" / "image" / "bin" / "sparkflow-jobs"))

    run = dag.test(mark_success_pattern=SKIP_DBT_ON_ATHENA)

    assert task_states(run) == {t: "skipped" if t in EMR_PATH else "success" for t in dag.task_ids}
    assert aws.emr.list_clusters()["Clusters"] == []
    batch = run.get_task_instance("find_landed_files").xcom_pull(task_ids="find_landed_files")
    keys = [obj["Key"] for page in aws.s3.get_paginator("list_objects_v2").paginate(Bucket=LAKE_BUCKET)
            for obj in page.get("Contents", [])]
    # the job itself wrote to S3: every landed file archived to raw/, its reports, curated Parquet
    archived = [k for k in keys if k.startswith("raw/") and f"/batch_id={batch['batch_id']}/" in k
                and not k.rsplit("/", 1)[1].startswith(".")]
    assert len(archived) == len(landed)
    assert f"reports/ingest/{batch['batch_id']}.json" in keys
    assert any(k.startswith("curated/transactions/") and k.endswith(".parquet") for k in keys)
    assert landing_keys(aws) == []
    ((subject, message),) = notifications(aws)
    assert batch["batch_id"] in subject and "quarantined IMPOSSIBLE_DATE: 3" in message
    assert (f"engine: local (landed {engine.human(threshold - 1)} < {engine.human(threshold)} threshold)"
            in message)


def test_a_replay_runs_the_jobs_replay_as_the_cluster_s_step_and_takes_nothing_from_landing(load_dag, aws, landed):
    # moto runs no step: no replay report appears, which is what a replay that changes nothing leaves
    settle_step("COMPLETED", aws)
    dag = load_dag("emr", **{**aws.env, "SPARKFLOW_LOCAL_ENGINE_MAX_BYTES": "0"})

    run = dag.test(mark_success_pattern=SKIP_DBT_ON_ATHENA,
                   run_conf={"replay_batches": "20261121-0123456789", "replay_files": "budgets/*"})

    assert task_states(run) == {t: "skipped" if t in LOCAL_PATH else "success" for t in dag.task_ids}
    batch = run.get_task_instance("find_landed_files").xcom_pull(task_ids="find_landed_files")
    assert batch["batch_id"].startswith("replay-") and batch["files"] == []
    (step,) = aws.emr.list_steps(ClusterId=the_cluster(aws)["Id"])["Steps"]
    assert step["Config"]["Args"] == [
        "spark-submit", "--deploy-mode", "client", "--class", "dev.sparkflow.jobs.Main", JOBS_JAR,
        "replay", "--lake", f"s3://{LAKE_BUCKET}", "--batch-id", batch["batch_id"], "--ingest-date",
        batch["ingest_date"], "--batches", "20261121-0123456789", "--files", "budgets/*"]
    assert the_cluster(aws)["Status"]["State"] == "TERMINATED"
    assert landing_keys(aws) == landed
    ((subject, message),) = notifications(aws)
    assert batch["batch_id"] in subject and "nothing to replay" in message
