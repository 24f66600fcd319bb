"""Settings the DAGs read at task time: Variable ``sparkflow_<name>``, else env ``SPARKFLOW_<NAME>``, else a default."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

# <repo>/airflow/dags/include/settings.py -> <repo>; a deployment that lays files out otherwise sets the *_dir settings.
_REPO = Path(__file__).resolve().parents[3]

# Every setting, its default (None: required where it is used) and what it is. Documented in airflow/README.md.
DEFAULTS: dict[str, str | None] = {
    "lake": None,  # lake root: s3://bucket[/prefix] (emr) or an absolute folder (local)
    "config_dir": str(_REPO / "config"),  # the folder holding lake.yml, the lake layout's one home
    "jobs_jar": None,  # s3:// URI of emr-jobs.jar (emr)
    "jobs_cmd": None,  # the local engine: the java command line of the jobs jar up to the main class (RUN_JOBS)
    # Landed bytes from which a batch on S3 goes to EMR; below it the local engine runs it. Default: PLATFORM below.
    "local_engine_max_bytes": None,
    "dbt": "dbt",  # the dbt executable (its own venv; never the Airflow one)
    "dbt_project_dir": str(_REPO / "dbt"),  # dbt project and profiles folder
    # EMR: unset keeps the value in include/emr_cluster.json, the cluster's one description.
    "emr_release_label": None,  # emr-7.x: Spark 3.5 on Java 17, what the jobs are built for
    "emr_instance_type": None,  # primary node (and core nodes, if any)
    "emr_core_instance_count": None,  # 0 or unset: a single-node cluster
    "emr_idle_timeout_seconds": None,  # AutoTerminationPolicy: EMR's own guard should the teardown never run
    "emr_service_role": None,
    "emr_job_flow_role": None,  # instance profile of the cluster's EC2 instances
    "emr_subnet_id": None,  # unset: the account's default VPC
    "emr_security_configuration": None,  # name of the EMR security configuration (Terraform's); unset: none
    "emr_max_lifetime_hours": "4",  # written as the sparkflow:expires-at tag the janitor reads
    "emr_log_uri": None,  # s3:// prefix for cluster and step logs (emr)
    "alert_topic_arn": "",  # SNS topic for failure alerts and batch summaries; empty: task log only
    "slack_conn_id": "sparkflow_slack",  # optional HTTP connection whose host is a Slack incoming-webhook URL
}


# Settings whose default is a platform default: config/platform.yml (under config_dir) is their one home.
PLATFORM = {"local_engine_max_bytes": ("pipeline", "local_engine_max_bytes")}


def get(name: str) -> str | None:
    """The setting's value: Variable, then environment, then default (for PLATFORM's, config/platform.yml's)."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown SparkFlow setting {name!r}")
    from airflow.sdk import Variable  # task time only: a Variable lookup outside a task needs the API server

    value = Variable.get(f"sparkflow_{name}", default=None)
    if value is None:
        value = os.environ.get(f"SPARKFLOW_{name.upper()}")
    if value not in (None, ""):
        return value
    if name in PLATFORM:
        return str(platform_default(*PLATFORM[name]))
    return DEFAULTS[name]


def platform_default(section: str, key: str):
    """A value from config/platform.yml (the deployed platform's defaults), read under the config_dir setting."""
    with open(Path(get("config_dir")) / "platform.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)[section][key]


def required(name: str) -> str:
    """The setting's value, or a clear error naming both places to set it."""
    value = get(name)
    if value is None:
        raise ValueError(f"SparkFlow setting {name!r} is not set: "
                         f"set Airflow Variable sparkflow_{name} or env SPARKFLOW_{name.upper()}")
    return value
