#!/usr/bin/env python3
"""Prints the launcher's shaded jar size and its cold start: a fresh JVM from process start to the first
successful launch response against a moto server (median of N runs, each on a freshly reset emulator).

Usage: bench_launcher.py JAR MOTO_SERVER [RUNS]   (run with the moto venv's python: it has boto3)
Last line: jar_mb=<MiB> cold_start_s=<median seconds>
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

import boto3

TEMPLATE, TABLE, REGION = "sparkflow-bench", "sparkflow-bench-lock", "us-east-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(endpoint, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("moto server did not start")


def prepare(endpoint):
    """A clean emulator with what Terraform would have created: the launch template and the lock table."""
    urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", method="POST"))
    kw = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="bench", aws_secret_access_key="bench")
    boto3.client("ec2", **kw).create_launch_template(
        LaunchTemplateName=TEMPLATE, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.large"})
    boto3.client("dynamodb", **kw).create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "profile", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "profile", "KeyType": "HASH"}])


def cold_start(jar, endpoint):
    """Seconds from spawning a fresh JVM to its launch response line."""
    env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_REGION=REGION, AWS_ACCESS_KEY_ID="bench",
               AWS_SECRET_ACCESS_KEY="bench", SPARKFLOW_LAUNCH_TEMPLATE=TEMPLATE, SPARKFLOW_LOCK_TABLE=TABLE,
               SPARKFLOW_BUNDLE_VERSION="bench", SPARKFLOW_ENV="bench", SPARKFLOW_ARTIFACTS_BUCKET="sparkflow-bench-artifacts",
               SPARKFLOW_LAKE_BUCKET="sparkflow-bench-lake")
    event = json.dumps({"action": "launch", "profile": "pipeline"})
    start = time.monotonic()
    # The flags Lambda's Java 17 runtime starts its JVM with by default (C1 only, serial GC at small memory sizes).
    proc = subprocess.Popen(["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", jar,
                             "dev.sparkflow.launcher.handler.LocalInvoke", event],
                            env=env, stdout=subprocess.PIPE, text=True)
    elapsed = None
    for line in proc.stdout:
        if line.startswith("response: "):
            elapsed = time.monotonic() - start
            response = json.loads(line[len("response: "):])
            if not response.get("ok"):
                sys.exit("launch failed: " + line)
    if proc.wait() != 0 or elapsed is None:
        sys.exit("the launcher exited with %s and no response" % proc.returncode)
    return elapsed


def main():
    jar, moto_server = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    port = free_port()
    endpoint = "http://127.0.0.1:%d" % port
    server = subprocess.Popen([moto_server, "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(endpoint)
        times = []
        for run in range(1, runs + 1):
            prepare(endpoint)
            times.append(cold_start(jar, endpoint))
            print("run %d: cold_start_s=%.2f" % (run, times[-1]), flush=True)
        jar_mb = os.path.getsize(jar) / (1024 * 1024)
        print("jar_mb=%.2f cold_start_s=%.2f" % (jar_mb, statistics.median(times)))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
