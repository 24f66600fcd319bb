"""The EMR RunJobFlow request: include/emr_cluster.json (the cluster, its defaults) with the deployment's settings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from include import settings

CLUSTER_JSON = Path(__file__).with_name("emr_cluster.json")


def cluster_config(batch_id: str, now: datetime) -> dict:
    """
    The cluster for one batch: single-node unless emr_core_instance_count > 0. The idle auto-termination policy and
    the sparkflow:expires-at tag are the guards behind the DAG's teardown (EMR's own, and the janitor's).
    """
    config = json.loads(CLUSTER_JSON.read_text(encoding="utf-8"))
    instances = config["Instances"]
    primary = instances["InstanceGroups"][0]
    config["Name"] = f"sparkflow-{batch_id}"
    config["LogUri"] = settings.required("emr_log_uri")
    for key, name in (("ReleaseLabel", "emr_release_label"), ("JobFlowRole", "emr_job_flow_role"),
                      ("ServiceRole", "emr_service_role")):
        config[key] = settings.get(name) or config[key]
    primary["InstanceType"] = settings.get("emr_instance_type") or primary["InstanceType"]
    if settings.get("emr_idle_timeout_seconds"):
        config["AutoTerminationPolicy"]["IdleTimeout"] = int(settings.get("emr_idle_timeout_seconds"))
    core_count = int(settings.get("emr_core_instance_count") or 0)
    if core_count > 0:
        instances["InstanceGroups"].append({"Name": "core", "Market": "ON_DEMAND", "InstanceRole": "CORE",
                                            "InstanceType": primary["InstanceType"], "InstanceCount": core_count})
    if settings.get("emr_subnet_id"):
        instances["Ec2SubnetId"] = settings.get("emr_subnet_id")
    if settings.get("emr_security_configuration"):
        config["SecurityConfiguration"] = settings.get("emr_security_configuration")
    expires = now.astimezone(timezone.utc) + timedelta(hours=float(settings.get("emr_max_lifetime_hours")))
    config["Tags"] += [
        {"Key": "sparkflow:batch-id", "Value": batch_id},
        {"Key": "sparkflow:expires-at", "Value": expires.strftime("%Y-%m-%dT%H:%M:%SZ")},
    ]
    return config
