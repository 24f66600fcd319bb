"""`make cost`: read the prices, the platform's settings and what was measured here, print the cost model's tables.

Usage: cost_report.py [--region us-east-1] (paths default to the repository's; see --help). The arithmetic is in
cost_model.py; this module only reads files. It exits 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

import cost_model as cm

REPO = Path(__file__).resolve().parents[2]
BOOT_TEST = "TEST-dev.sparkflow.launcher.service.BootScriptTest.xml"
BOOT_CASE = "theHappyPathUnpacksTheBundleWritesSecretsAndStartsComposeThenTheWatchdog"


def load_prices(path: Path, region: str) -> tuple[cm.Prices, dict]:
    """config/prices.yml for one region, and how many of its prices are corroborated or not re-read."""
    doc = yaml.safe_load(path.read_text())
    values, checked = {}, {"corroborated": 0, "not re-read": 0}
    for name, entry in doc["prices"].items():
        checked["corroborated" if str(entry["checked"]).startswith("corroborated") else "not re-read"] += 1
        for variant, value in entry.items():
            if variant in ("source", "checked", "basis"):
                continue
            if isinstance(value, dict):
                if region not in value:
                    raise SystemExit(f"{path}: {name} {variant} has no price for {region} (has {', '.join(value)})")
                value = value[region]
            values[(name, variant)] = float(value)
    latencies = {name: cm.Fig(float(e["value"]), e["basis"], e["source"]) for name, e in doc["latency_s"].items()}
    shapes = {k: v for k, v in doc["shapes"].items() if isinstance(v, dict)}
    return cm.Prices(region, values, latencies, shapes), checked


def tf_default(path: Path, variable: str) -> str:
    match = re.search(r'variable "%s" \{.*?default\s*=\s*"?([^"\n]+)"?' % re.escape(variable), path.read_text(), re.S)
    if not match:
        raise SystemExit(f"{path}: no default for {variable}")
    return match.group(1).strip()


def load_platform(repo: Path) -> cm.Platform:
    platform = yaml.safe_load((repo / "config/platform.yml").read_text())["instance"]
    tf = repo / "infra/terraform"
    launcher = tf / "modules/launcher"
    memory = re.search(r"memory_size\s*=\s*(\d+)", (launcher / "main.tf").read_text())
    schedule = tf_default(launcher / "variables.tf", "janitor_schedule")
    every = re.fullmatch(r"rate\((\d+) minutes?\)", schedule)
    if not memory or not every:
        raise SystemExit(f"{launcher}: cannot read the Lambda's memory_size or the janitor's rate ({schedule})")
    return cm.Platform(
        instance_type=tf_default(tf / "variables.tf", "instance_type"),
        root_volume_gb=float(tf_default(launcher / "variables.tf", "root_volume_size_gb")),
        lambda_memory_gb=int(memory.group(1)) / 1024,
        pipeline_idle_minutes=int(platform["pipeline_idle_minutes"]),
        janitor_runs_per_month=cm.HOURS_PER_MONTH * 60 / int(every.group(1)),
    )


def launcher_cold_start(path: Path) -> float | None:
    """The last `cold_start_s=` of `make bench-launcher`'s output, if it was saved."""
    if not path.is_file():
        return None
    found = re.findall(r"jar_mb=\S+ cold_start_s=([0-9.]+)", path.read_text())
    return float(found[-1]) if found else None


def boot_script_seconds(reports: Path) -> float | None:
    """The boot script's happy path against moto, as surefire timed it in the last launcher test run."""
    report = reports / BOOT_TEST
    if not report.is_file():
        return None
    for case in ET.parse(report).getroot().iter("testcase"):
        if case.get("name", "").startswith(BOOT_CASE):
            return float(case.get("time"))
    return None


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def large_batch_job(bench: Path, household: dict, assumptions: dict, emr_vcpu: int) -> tuple[cm.Fig, float]:
    """The jobs' time for the large batch on EMR, and the curated/landed byte ratio, from `make bench` when it ran
    (its largest size; the ratio from the one lake it keeps, its warmup's), else from the household's fresh-JVM rate
    (which includes JVM start: pessimistic)."""
    target = assumptions["large_batch"]["landed_bytes"]
    if bench.is_file():
        doc = json.loads(bench.read_text())
        size = max(doc["sizes"], key=lambda s: s["landed_bytes"])
        job = cm.scale_job(size["landed_bytes"] / size["pipeline_s"], doc["cores"], target, emr_vcpu,
                           f"`make bench` {size['rows']:,} rows ({size['landed_bytes'] / cm.MIB:.0f} MiB):")
        lake = bench.parent / "warmup" / "lake"
        landed = dir_bytes(lake / "landing") if lake.is_dir() else 0
        ratio = dir_bytes(lake / "curated") / landed if landed else 1.0
        return job, ratio
    job = cm.scale_job(household["bytes"] / household["fresh_jvm_s"], household["cores"], target, emr_vcpu,
                       "no bench.json, so the household's fresh-JVM rate (JVM and Spark start dominate it: far too "
                       "slow; run `make bench`)")
    return job, 1.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--repo", type=Path, default=REPO)
    ap.add_argument("--bench-dir", type=Path, default=REPO / "build/bench")
    ap.add_argument("--surefire", type=Path, default=REPO / "launcher-lambda/target/surefire-reports")
    args = ap.parse_args(argv)
    repo, bench_dir = args.repo, args.bench_dir

    prices, checked = load_prices(repo / "config/prices.yml", args.region)
    assumptions = yaml.safe_load((repo / "infra/cost/assumptions.yml").read_text())
    platform = load_platform(repo)
    household = json.loads((bench_dir / "household.json").read_text())
    dbt = json.loads((bench_dir / "dbt.json").read_text())
    measured = cm.Measured(
        launcher_cold_start_s=launcher_cold_start(bench_dir / "launcher.txt"),
        boot_script_s=boot_script_seconds(args.surefire),
        dbt_duckdb_s=dbt["seconds"],
        athena_model_queries=dbt["scanning_models"],
        athena_test_queries=dbt["tests"],
        test_column_share=1 / len(json.loads((repo / "infra/terraform/modules/catalog/tables.json").read_text())
                                  ["tables"]["transactions"]["columns"]),
        athena_threads=int(yaml.safe_load((repo / "dbt/profiles.yml").read_text())["sparkflow"]["outputs"]["athena"]
                           ["threads"]),
        dbt_how=f"`dbt build` on the household lake: {dbt['models']} models, {dbt['tests']} tests",
        charts=len(list((repo / "superset/assets/charts").glob("*.yaml"))),
    )

    emr_vcpu = prices.shapes[platform.emr_instance_type]["vcpu"]
    curated = dir_bytes(bench_dir / "household-fresh" / "curated")
    job = cm.Fig(household["fresh_jvm_s"], "measured",
                 f"`make bench-household`: ingest + curate of {household['transaction_rows']:,} rows in a fresh JVM "
                 f"on {household['cores']} cores")
    instance_vcpu = prices.shapes[platform.instance_type]["vcpu"]
    if household["cores"] != instance_vcpu:
        job = cm.scale_job(household["bytes"] / household["fresh_jvm_s"], household["cores"], household["bytes"],
                           instance_vcpu, "`make bench-household` fresh JVM")
    small = cm.Batch("household", household["bytes"], household["files"], False, job, curated)
    large_job, ratio = large_batch_job(bench_dir / "bench.json", household, assumptions, emr_vcpu)
    big = assumptions["large_batch"]
    large = cm.Batch("10 GiB", big["landed_bytes"], big["files"], True, large_job, int(big["landed_bytes"] * ratio))

    ours_small = cm.batch_steps(prices, platform, measured, small)
    ours_large = cm.batch_steps(prices, platform, measured, large)
    # EMR Serverless runs the household on its 4-vCPU driver+executor like EMR would: the measured fresh-JVM time.
    theirs_small = cm.mwaa_steps(prices, platform, measured, small, small.job)
    theirs_large = cm.mwaa_steps(prices, platform, measured, large, large.job)
    idle = cm.idle_month(prices, platform, assumptions)

    print(f"SparkFlow cost model, {args.region} (prices: config/prices.yml, read {prices_read(repo)}; "
          f"{checked['corroborated']} corroborated here, {checked['not re-read']} not re-read)")
    print(f"Airflow instance {platform.instance_type}, {platform.root_volume_gb:g} GB gp3, public IPv4: "
          f"${cm.instance_hourly(prices, platform):.4f}/h; pipeline_idle_minutes={platform.pipeline_idle_minutes}\n")
    print(cm.render_batch(f"Household batch ({household['files']} files, {household['bytes'] / 1024:.0f} KiB, "
                          f"{household['transaction_rows']:,} transactions)", ours_small, theirs_small))
    print()
    print(cm.render_batch(f"10 GiB batch ({big['files']} files; curated/landed {ratio:.2f})", ours_large, theirs_large))
    print()
    print(cm.render_idle(idle, cm.mwaa_idle_month(prices)))
    print()
    print(cm.render_targets(cm.targets(ours_small, idle) + [cm.idle_wait_check(ours_small, prices, platform)]))
    return 0


def prices_read(repo: Path) -> str:
    return yaml.safe_load((repo / "config/prices.yml").read_text())["read_on"]


if __name__ == "__main__":
    sys.exit(main())
