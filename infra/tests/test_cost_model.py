"""The cost model's arithmetic on given figures (infra/cost/cost_model.py), and config/prices.yml's shape.

The expected values are worked out here by hand from the figures each test gives, never copied from a run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cost"))

import cost_model as cm  # noqa: E402
import cost_report  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def prices(**overrides: float) -> cm.Prices:
    """Round figures, so every expectation below can be checked with pencil and paper."""
    values = {
        ("ec2_hour", "t3.large"): 0.10, ("ec2_hour", "m5.xlarge"): 0.20, ("emr_uplift_hour", "m5.xlarge"): 0.05,
        ("public_ipv4_hour", "all"): 0.0, ("ebs_gp3_gb_month", "all"): 0.0, ("ec2_minimum_seconds", "all"): 60,
        ("s3_put_per_1000", "all"): 0.005, ("lambda_gb_second", "all"): 0.00001,
        ("lambda_per_million_requests", "all"): 0.0, ("athena_per_tb", "all"): 5.0, ("athena_minimum_mb", "all"): 10,
        ("t3_unlimited_surplus_vcpu_hour", "all"): 0.05, ("mwaa_environment_hour", "mw1.small"): 0.50,
        ("emr_serverless_vcpu_hour", "all"): 0.05, ("emr_serverless_gb_hour", "all"): 0.005,
        ("s3_standard_gb_month", "all"): 0.02, ("ecr_gb_month", "all"): 0.10, ("kms_key_month", "all"): 1.0,
        ("cloudwatch_logs_ingest_gb", "all"): 0.5,
    }
    values.update({tuple(k.split(":")): v for k, v in overrides.items()})
    latencies = {name: cm.Fig(value, "documented", name) for name, value in {
        "s3_event_to_lambda": 2, "ec2_pending_to_running": 30, "cloud_init_to_user_data": 30,
        "image_pull_and_airflow_healthy": 120, "dag_scheduling": 10, "emr_cluster_provisioning": 600,
        "emr_serverless_job_start": 90, "athena_query": 3, "superset_chart_render": 2}.items()}
    shapes = {"t3.large": {"vcpu": 2, "memory_gb": 8, "baseline": 0.5}, "m5.xlarge": {"vcpu": 4, "memory_gb": 16},
              "emr_serverless_worker": {"vcpu": 4, "memory_gb": 16, "workers": 2, "minimum_seconds": 60}}
    return cm.Prices("test-region", values, latencies, shapes)


PLATFORM = cm.Platform(instance_type="t3.large", root_volume_gb=30, lambda_memory_gb=0.5, pipeline_idle_minutes=5,
                       janitor_runs_per_month=1000)
MEASURED = cm.Measured(launcher_cold_start_s=2.0, boot_script_s=8.0, dbt_duckdb_s=4.0, athena_model_queries=5,
                       athena_test_queries=15, athena_threads=4, test_column_share=0.25, dbt_how="given", charts=10)
HOUSEHOLD = cm.Batch("household", 120_000, 10, False, cm.Fig(40.0, "measured", "given"), 1024 ** 2)


def by_name(steps: list[cm.Step]) -> dict[str, cm.Step]:
    return {s.name.split(" (")[0]: s for s in steps}


def test_per_second_billing_keeps_its_minimum():
    assert cm.billed_hours(30, 60) == pytest.approx(60 / 3600)
    assert cm.billed_hours(90, 60) == pytest.approx(90 / 3600)


def test_athena_bills_the_minimum_for_small_queries_and_rounds_up_to_the_megabyte():
    # 3 queries of 1 KiB: 10 MiB each -> 30 MiB at $5/TiB
    assert cm.athena_usd(3, 1024, 5.0, 10) == pytest.approx(30 / 1024 ** 2 * 5.0)
    # one query of 20 MiB + 1 byte is billed 21 MiB
    assert cm.athena_usd(1, 20 * 1024 ** 2 + 1, 5.0, 10) == pytest.approx(21 / 1024 ** 2 * 5.0)


def test_the_instance_costs_its_price_plus_address_plus_prorated_volume():
    p = prices(**{"public_ipv4_hour:all": 0.005, "ebs_gp3_gb_month:all": 0.073})
    # 30 GB x $0.073 / 730 h = $0.003/h
    assert cm.instance_hourly(p, PLATFORM) == pytest.approx(0.10 + 0.005 + 0.003)


def test_a_measured_rate_scales_linearly_with_bytes_and_cores():
    # 1 MiB/s on 2 cores -> 2 MiB/s on 4 vCPUs -> 100 MiB take 50 s
    job = cm.scale_job(1024 ** 2, 2, 100 * 1024 ** 2, 4, "given")
    assert job.value == pytest.approx(50.0)
    assert job.basis == "extrapolated"


def test_household_steps_add_up_from_the_given_figures():
    steps = by_name(cm.batch_steps(prices(), PLATFORM, MEASURED, HOUSEHOLD))
    inst = 0.10   # $/h: no address or volume price given

    assert steps["event"].usd == pytest.approx(10 * 0.005 / 1000)
    assert steps["Lambda"].seconds == 2.0
    assert steps["Lambda"].usd == pytest.approx(2.0 * 0.5 * 0.00001)
    assert steps["instance running"].usd == 0.0
    assert steps["Airflow healthy"].seconds == pytest.approx(30 + 8 + 120)
    assert steps["Airflow healthy"].usd == pytest.approx(158 / 3600 * inst)
    assert steps["jobs"].seconds == pytest.approx(10 + 40)
    assert steps["jobs"].usd == pytest.approx(50 / 3600 * inst)
    # 20 queries of 3 s, 4 at a time: 5 waves, 15 s on the instance; each billed Athena's 10 MiB minimum
    assert steps["dbt build"].seconds == pytest.approx(15)
    assert steps["dbt build"].usd == pytest.approx(15 / 3600 * inst + 20 * 10 / 1024 ** 2 * 5.0)
    assert steps["Superset dashboard"].usd == pytest.approx(10 * 10 / 1024 ** 2 * 5.0)
    assert steps["idle tail to power-off"].seconds == 5 * 60 + 60
    assert not steps["idle tail to power-off"].on_path


def test_latency_counts_the_path_and_cost_counts_everything_billed():
    steps = cm.batch_steps(prices(), PLATFORM, MEASURED, HOUSEHOLD)
    assert cm.latency_s(steps) == pytest.approx(2 + 2 + 30 + 158 + 50 + 15 + 2)
    assert cm.cost_usd(steps) == pytest.approx(sum(s.usd for s in steps))
    assert cm.cost_usd(steps) > sum(s.usd for s in steps if s.on_path)


def test_a_burstable_instance_pays_only_the_cpu_above_its_baseline():
    # 2 vCPUs, 50% baseline: 100 s of life earns 100 vCPU-s; 80 s fully busy uses 160 -> 60 vCPU-s surplus
    assert cm.burst_surplus_vcpu_hours(2, 0.5, 80, 100) == pytest.approx(60 / 3600)
    assert cm.burst_surplus_vcpu_hours(2, 0.5, 40, 100) == 0.0
    steps = by_name(cm.batch_steps(prices(), PLATFORM, MEASURED, HOUSEHOLD))
    life = 158 + 50 + 15 + 360
    busy = 120 + 40
    expected = max(0.0, 2 * busy - 2 * 0.5 * life) / 3600 * 0.05
    assert steps["t3.large Unlimited surplus CPU"].usd == pytest.approx(expected)


def test_a_large_batch_pays_the_cluster_from_its_request_with_the_uplift():
    big = cm.Batch("big", 10 * 1024 ** 3, 80, True, cm.Fig(300.0, "extrapolated", "given"), 2 * 1024 ** 3)
    steps = by_name(cm.batch_steps(prices(), PLATFORM, MEASURED, big))
    jobs = steps["jobs"]
    assert jobs.seconds == pytest.approx(10 + 600 + 300)
    assert jobs.usd == pytest.approx(910 / 3600 * 0.10 + 900 / 3600 * (0.20 + 0.05))
    assert jobs.basis == "documented+extrapolated"
    # 5 models scan the whole 2 GiB curated batch at most, 15 tests a quarter of it (one column of four)
    athena = (5 * 2048 + 15 * 512) / 1024 ** 2 * 5.0
    assert steps["dbt build"].usd == pytest.approx(15 / 3600 * 0.10 + athena)
    # the dashboard reads the marts' aggregates, not the batch: Athena's minimum per chart whatever the batch
    assert steps["Superset dashboard"].usd == pytest.approx(10 * 10 / 1024 ** 2 * 5.0)


def test_mwaa_bills_its_environment_and_emr_serverless_its_workers_with_their_minimum():
    steps = by_name(cm.mwaa_steps(prices(), PLATFORM, MEASURED, HOUSEHOLD, HOUSEHOLD.job))
    # 40 s of job is billed 60 s: 2 workers x (4 vCPU x 0.05 + 16 GB x 0.005) per hour
    workers = 2 * 60 / 3600 * (4 * 0.05 + 16 * 0.005)
    assert steps["jobs"].seconds == pytest.approx(10 + 90 + 40)
    assert steps["jobs"].usd == pytest.approx(workers + 140 / 3600 * 0.50)
    assert steps["Airflow healthy"].seconds == 0.0
    assert cm.mwaa_idle_month(prices()) == pytest.approx(0.50 * 730)


def test_idle_lists_what_remains_and_bills_nothing_per_hour_without_a_key():
    assumptions = {"idle_month": {"s3_stored_gb": 2, "ecr_stored_gb": 4, "janitor_invocation_s": 1,
                                  "janitor_log_kb": 1024, "customer_managed_kms_keys": 0}}
    idle = cm.idle_month(prices(), PLATFORM, assumptions)
    total = sum(line.usd_month for line in idle)
    # S3 2 x 0.02 + ECR 4 x 0.10 + janitor 1000 x 1 s x 0.5 GB x 0.00001 + logs 1000 x 1 MiB = 0.9766 GiB x 0.5
    assert total == pytest.approx(0.04 + 0.40 + 0.005 + 1000 / 1024 * 0.5)
    assert sum(line.usd_month for line in idle if line.per_hour) == 0.0
    with_key = cm.idle_month(prices(), PLATFORM, {"idle_month": {**assumptions["idle_month"],
                                                                 "customer_managed_kms_keys": 2}})
    assert sum(line.usd_month for line in with_key if line.per_hour) == pytest.approx(2.0)


def test_targets_pass_and_fail_on_the_numbers():
    fast = [cm.Step("a", 100, 0.01, "measured", ""), cm.Step("tail", 1000, 0.005, "measured", "", on_path=False)]
    slow = [cm.Step("a", 700, 0.03, "measured", "")]
    idle = [cm.IdleLine("key", 1.0, True, "documented")]
    assert [ok for _, _, ok in cm.targets(fast, [])] == [True, True, True]
    assert [ok for _, _, ok in cm.targets(slow, idle)] == [False, False, False]


def test_dbt_runs_its_queries_in_waves_of_its_threads():
    assert cm.dbt_seconds(MEASURED, 3.0) == pytest.approx(15.0)
    one_more = cm.Measured(**{**MEASURED.__dict__, "athena_test_queries": 16})
    assert cm.dbt_seconds(one_more, 3.0) == pytest.approx(18.0)


def test_a_step_names_every_kind_of_figure_it_uses():
    assert cm.mix("documented", "measured", "documented") == "measured+documented"
    assert cm.mix("extrapolated", "estimate", "measured") == "measured+estimate+extrapolated"
    with pytest.raises(ValueError):
        cm.Fig(1, "guessed", "")


def test_every_price_names_its_page_and_how_it_was_checked_and_covers_both_regions():
    doc = yaml.safe_load((REPO / "config/prices.yml").read_text())
    for name, entry in doc["prices"].items():
        assert entry["source"].startswith("https://"), name
        assert entry["checked"].startswith(("corroborated 20", "not re-read")), name
        assert entry["basis"] in ("documented", "estimate"), name
    for name, entry in doc["latency_s"].items():
        assert entry["basis"] in ("documented", "estimate") and entry["source"], name
    for region in ("us-east-1", "eu-central-1"):
        p, _ = cost_report.load_prices(REPO / "config/prices.yml", region)
        assert p.price("ec2_hour", "t3.large") > 0 and p.price("athena_per_tb") > 0


def test_the_model_reads_the_platform_it_costs():
    platform = cost_report.load_platform(REPO)
    settings = yaml.safe_load((REPO / "config/platform.yml").read_text())["instance"]
    assert platform.pipeline_idle_minutes == settings["pipeline_idle_minutes"]
    assert platform.pipeline_idle_minutes < settings["idle_minutes"]
    assert platform.janitor_runs_per_month == pytest.approx(730 * 4)   # rate(15 minutes)


def test_a_restart_costs_every_billed_step_before_the_jobs():
    steps = cm.batch_steps(prices(), PLATFORM, MEASURED, HOUSEHOLD)
    # event 10 PUTs + Lambda 2 s at 0.5 GB + boot 158 s of the $0.10/h instance; nothing from the jobs on
    restart = 10 * 0.005 / 1000 + 2.0 * 0.5 * 0.00001 + 158 / 3600 * 0.10
    assert cm.restart_usd(steps) == pytest.approx(restart)
    assert cm.idle_break_even_s(steps, prices(), PLATFORM) == pytest.approx(restart / 0.10 * 3600)


def test_the_idle_wait_check_holds_the_tail_within_a_tick_of_the_break_even():
    # The break-even above is about 158.5 s: a tail of 2 min (1 + the tick) or 3 min passes, 6 min (5 + 1) does not.
    for minutes, ok in ((1, True), (2, True), (5, False), (0, False)):
        platform = cm.Platform(instance_type="t3.large", root_volume_gb=30, lambda_memory_gb=0.5,
                               pipeline_idle_minutes=minutes, janitor_runs_per_month=1000)
        steps = cm.batch_steps(prices(), platform, MEASURED, HOUSEHOLD)
        assert cm.idle_wait_check(steps, prices(), platform)[2] is ok, minutes


def test_the_configured_pipeline_wait_sits_at_the_break_even_of_the_configured_prices():
    """Changing the instance, its prices or the boot's figures moves the break-even; this says when to follow it."""
    platform = cost_report.load_platform(REPO)
    region_prices, _ = cost_report.load_prices(REPO / "config/prices.yml", "us-east-1")
    steps = cm.batch_steps(region_prices, platform, MEASURED, HOUSEHOLD)
    assert cm.idle_wait_check(steps, region_prices, platform)[2], cm.idle_wait_check(steps, region_prices, platform)
