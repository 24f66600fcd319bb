"""SparkFlow's latency and cost model, from a drop in landing/ to the dashboard (`make cost`).

The model is pure: `batch_steps`, `idle_month` and `targets` turn given figures (prices, published latencies,
measurements, assumptions) into table rows, and `render` turns rows into text. Reading files and measuring live in
cost_report.py. Every figure carries its basis:

  measured      timed on this machine by `make cost` (the jobs, dbt on DuckDB, the boot script on moto, the
                launcher's cold start);
  documented    an AWS-published price or latency (config/prices.yml names the page);
  estimate      our judgment where AWS publishes nothing (config/prices.yml and infra/cost/assumptions.yml say why);
  extrapolated  a measurement scaled to a size or a machine it was not taken on (the assumption is stated).

A step's basis names every kind of figure it uses (e.g. measured+estimate); its "how" says which is which.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BASES = ("measured", "documented", "estimate", "extrapolated")
HOURS_PER_MONTH = 730.0
MIB = 1024 ** 2
TIB = 1024 ** 4
WATCHDOG_TICK_S = 60.0  # the idle watchdog decides once a minute (sparkflow-watchdog.timer)


@dataclass(frozen=True)
class Fig:
    """A number and where it comes from."""

    value: float
    basis: str
    how: str

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"unknown basis {self.basis!r}")


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    usd: float
    basis: str
    how: str
    on_path: bool = True    # counts towards drop-to-dashboard latency (the idle tail does not, but is billed)


@dataclass(frozen=True)
class Batch:
    name: str
    landed_bytes: int
    files: int
    on_emr: bool            # above the DAG's threshold: a transient EMR cluster runs the jobs
    job: Fig                # the jobs' wall time where they run (local mode on the instance, or on EMR)
    curated_bytes: int      # what one Athena query scans at most


@dataclass(frozen=True)
class Platform:
    """What the stack runs, from config/platform.yml and infra/terraform."""

    instance_type: str
    root_volume_gb: float
    lambda_memory_gb: float
    pipeline_idle_minutes: int
    janitor_runs_per_month: float
    emr_instance_type: str = "m5.xlarge"


@dataclass(frozen=True)
class Measured:
    """What `make cost` measured here; None where it could not (the model then falls back and says so)."""

    launcher_cold_start_s: float | None
    boot_script_s: float | None
    dbt_duckdb_s: float
    athena_model_queries: int   # models that scan (tables, incremental): each reads the curated batch at most
    athena_test_queries: int    # data and unit tests: each reads about one column
    athena_threads: int         # dbt runs this many queries at a time (dbt/profiles.yml, the athena target)
    test_column_share: float    # 1 / the curated transactions' column count (infra/terraform/modules/catalog)

    @property
    def athena_queries(self) -> int:
        return self.athena_model_queries + self.athena_test_queries
    dbt_how: str
    charts: int


@dataclass(frozen=True)
class Prices:
    """config/prices.yml for one region, flattened: price(name, variant) and latency(name)."""

    region: str
    values: dict = field(default_factory=dict)       # (name, variant) -> float
    latencies: dict = field(default_factory=dict)    # name -> Fig
    shapes: dict = field(default_factory=dict)

    def price(self, name: str, variant: str = "all") -> float:
        try:
            return self.values[(name, variant)]
        except KeyError:
            raise KeyError(f"config/prices.yml has no {name} {variant} for {self.region}") from None

    def latency(self, name: str) -> Fig:
        return self.latencies[name]


def mix(*bases: str) -> str:
    """The kinds of figure a step uses, in BASES order: "measured+estimate"."""
    return "+".join(b for b in BASES if b in bases)


def billed_hours(seconds: float, minimum_s: float = 0.0) -> float:
    """Per-second billing with a minimum."""
    return max(seconds, minimum_s) / 3600.0


def athena_usd(queries: int, scanned_bytes: float, per_tb: float, minimum_mb: float) -> float:
    """Athena: per query, bytes scanned rounded up to the MB, at least minimum_mb, at per_tb (binary units)."""
    per_query_mb = max(-(-scanned_bytes // MIB), minimum_mb)
    return queries * per_query_mb * MIB / TIB * per_tb


def instance_hourly(p: Prices, platform: Platform) -> float:
    """The Airflow instance while it exists: the instance, its public IPv4 address, its gp3 root volume."""
    return (p.price("ec2_hour", platform.instance_type) + p.price("public_ipv4_hour")
            + platform.root_volume_gb * p.price("ebs_gp3_gb_month") / HOURS_PER_MONTH)


def emr_hourly(p: Prices, platform: Platform) -> float:
    return p.price("ec2_hour", platform.emr_instance_type) + p.price("emr_uplift_hour", platform.emr_instance_type)


def scale_job(bytes_per_s: float, bench_cores: int, target_bytes: float, target_vcpu: int, how: str) -> Fig:
    """A measured throughput scaled to another size and machine: linear in bytes, linear in cores (an assumption:
    Spark's tasks split across the vCPUs; I/O to S3 and a driver that does not scale make it optimistic)."""
    rate = bytes_per_s * target_vcpu / bench_cores
    return Fig(target_bytes / rate, "extrapolated",
               f"{how} {bytes_per_s / MIB:.2f} MiB/s on {bench_cores} cores, x{target_vcpu}/{bench_cores} vCPU")


def lambda_step(p: Prices, platform: Platform, m: Measured) -> Step:
    if m.launcher_cold_start_s is None:
        cold = Fig(1.0, "estimate", "no `make bench-launcher` result: 1 s assumed (SnapStart restore + RunInstances)")
    else:
        cold = Fig(m.launcher_cold_start_s, "measured",
                   "`make bench-launcher`: fresh JVM to the first launch response on moto (median; no SnapStart)")
    usd = (cold.value * platform.lambda_memory_gb * p.price("lambda_gb_second")
           + p.price("lambda_per_million_requests") / 1e6)
    return Step("Lambda (launcher)", cold.value, usd, cold.basis, cold.how)


def batch_steps(p: Prices, platform: Platform, m: Measured, batch: Batch) -> list[Step]:
    """SparkFlow: each step from the drop to the dashboard, then the idle tail the instance is billed for."""
    lat = p.latency
    inst = instance_hourly(p, platform)
    steps = []

    event = lat("s3_event_to_lambda")
    puts = batch.files * p.price("s3_put_per_1000") / 1000
    steps.append(Step("event (upload + S3 notification)", event.value, puts, mix(event.basis, "documented"),
                      f"{batch.files} PUTs; {event.how}"))
    steps.append(lambda_step(p, platform, m))

    running = lat("ec2_pending_to_running")
    steps.append(Step("instance running", running.value, 0.0, running.basis,
                      "EC2 bills from `running`; " + running.how))

    cloud_init = lat("cloud_init_to_user_data")
    images = lat("image_pull_and_airflow_healthy")
    if m.boot_script_s is None:
        script = Fig(30.0, "estimate", "boot script not timed here (the launcher tests' surefire report is absent)")
    else:
        script = Fig(m.boot_script_s, "measured",
                     "boot.sh on moto in BootScriptTest's happy path (surefire time, Docker stubbed)")
    boot_s = cloud_init.value + script.value + images.value
    steps.append(Step("Airflow healthy", boot_s, inst * billed_hours(boot_s),
                      mix(cloud_init.basis, script.basis, images.basis),
                      f"cloud-init {cloud_init.value:.0f}s ({cloud_init.basis}) + boot.sh {script.value:.1f}s "
                      f"({script.basis}) + images and health {images.value:.0f}s ({images.basis})"))

    sched = lat("dag_scheduling")
    if batch.on_emr:
        provision = lat("emr_cluster_provisioning")
        cluster_s = provision.value + batch.job.value
        seconds = jobs_s = sched.value + cluster_s
        usd = (inst * billed_hours(seconds)
               + emr_hourly(p, platform) * billed_hours(cluster_s, p.price("ec2_minimum_seconds")))
        steps.append(Step("jobs (EMR m5.xlarge)", seconds, usd,
                          mix(sched.basis, provision.basis, batch.job.basis),
                          f"provisioning {provision.value:.0f}s ({provision.basis}) + jobs {batch.job.value:.0f}s: "
                          f"{batch.job.how}; cluster billed from request"))
    else:
        seconds = jobs_s = sched.value + batch.job.value
        steps.append(Step("jobs (local mode on the instance)", seconds, inst * billed_hours(seconds),
                          mix(sched.basis, batch.job.basis),
                          f"scheduling {sched.value:.0f}s ({sched.basis}) + {batch.job.value:.1f}s: {batch.job.how}"))

    query = lat("athena_query")
    dbt_s = dbt_seconds(m, query.value)
    steps.append(Step("dbt build (Athena)", dbt_s, inst * billed_hours(dbt_s) + dbt_athena_usd(p, m, batch),
                      mix(query.basis, "estimate"),
                      f"{m.athena_queries} queries x {query.value:.0f}s ({query.basis}), {m.athena_threads} at a time; "
                      f"{m.athena_model_queries} models scan <= {batch.curated_bytes / MIB:.1f} MiB (the curated "
                      f"batch) and {m.athena_test_queries} tests one column of it (1/{1 / m.test_column_share:.0f}), "
                      f"each at least 10 MB; DuckDB proxy {m.dbt_duckdb_s:.1f}s measured ({m.dbt_how})"))

    chart = lat("superset_chart_render")
    steps.append(Step("Superset dashboard", chart.value, charts_usd(p, m), mix(chart.basis, "estimate"),
                      f"{m.charts} charts, one Athena query each, in parallel, over the marts (monthly and per-"
                      f"merchant aggregates: assumed under Athena's 10 MB minimum)"))

    tail_s = idle_tail_s(platform)
    steps.append(Step("idle tail to power-off", tail_s, inst * billed_hours(tail_s), "documented",
                      f"pipeline_idle_minutes={platform.pipeline_idle_minutes} + the watchdog's 1-minute tick "
                      f"(config/platform.yml); billed, not on the path", on_path=False))

    # Burstable: the instance earns its baseline share of each vCPU over its life; busy boot and jobs above it
    # are surplus credits, billed at termination in Unlimited mode.
    shape = p.shapes.get(platform.instance_type, {})
    if "baseline" in shape:
        life_s = boot_s + jobs_s + dbt_s + tail_s
        busy_s = images.value + (0.0 if batch.on_emr else batch.job.value)
        surplus = burst_surplus_vcpu_hours(shape["vcpu"], shape["baseline"], busy_s, life_s)
        steps.append(Step(f"{platform.instance_type} Unlimited surplus CPU", 0.0,
                          surplus * p.price("t3_unlimited_surplus_vcpu_hour"), "estimate",
                          f"{surplus:.3f} vCPU-h above the {shape['baseline']:.0%} baseline over {life_s / 60:.1f} min "
                          f"of life, assuming all {shape['vcpu']} vCPUs busy for {busy_s:.0f}s (images, Airflow "
                          f"start{'' if batch.on_emr else ', local jobs'})", on_path=False))
    return steps


def dbt_athena_usd(p: Prices, m: Measured, batch: Batch) -> float:
    """dbt's queries on Athena: each model reads the curated batch at most, each test about one of its columns."""
    per_tb, minimum = p.price("athena_per_tb"), p.price("athena_minimum_mb")
    return (athena_usd(m.athena_model_queries, batch.curated_bytes, per_tb, minimum)
            + athena_usd(m.athena_test_queries, batch.curated_bytes * m.test_column_share, per_tb, minimum))


def charts_usd(p: Prices, m: Measured) -> float:
    return athena_usd(m.charts, 0, p.price("athena_per_tb"), p.price("athena_minimum_mb"))


def dbt_seconds(m: Measured, query_s: float) -> float:
    """dbt's queries in waves of `threads` (model dependencies can only make it longer)."""
    return -(-m.athena_queries // m.athena_threads) * query_s


def burst_surplus_vcpu_hours(vcpus: int, baseline: float, busy_s: float, life_s: float) -> float:
    """vCPU-hours used above what a burstable instance earns over its life (all vCPUs busy for busy_s)."""
    return max(0.0, vcpus * busy_s - vcpus * baseline * life_s) / 3600.0


def mwaa_steps(p: Prices, platform: Platform, m: Measured, batch: Batch, local_job_s: Fig) -> list[Step]:
    """The same batch on MWAA (mw1.small, always on) with the jobs on EMR Serverless (no pre-initialized capacity).

    local_job_s is the jobs' time on four vCPUs (the EMR Serverless driver+executor shape of config/prices.yml).
    """
    lat = p.latency
    env = p.price("mwaa_environment_hour", "mw1.small")
    steps = []
    event = lat("s3_event_to_lambda")
    puts = batch.files * p.price("s3_put_per_1000") / 1000
    steps.append(Step("event (upload + S3 notification)", event.value, puts, event.basis, "as SparkFlow"))
    trigger = lambda_step(p, platform, m)
    steps.append(Step("Lambda (triggers the DAG)", trigger.seconds, trigger.usd, trigger.basis, "as SparkFlow's launcher"))
    steps.append(Step("instance running", 0.0, 0.0, "documented", "the environment is always up"))
    steps.append(Step("Airflow healthy", 0.0, 0.0, "documented", "the environment is always up"))

    sched = lat("dag_scheduling")
    start = lat("emr_serverless_job_start")
    shape = p.shapes["emr_serverless_worker"]
    billed_s = max(local_job_s.value, shape["minimum_seconds"])
    workers_usd = shape["workers"] * billed_s / 3600 * (shape["vcpu"] * p.price("emr_serverless_vcpu_hour")
                                                         + shape["memory_gb"] * p.price("emr_serverless_gb_hour"))
    seconds = sched.value + start.value + local_job_s.value
    steps.append(Step("jobs (EMR Serverless)", seconds, workers_usd + env * billed_hours(seconds),
                      mix(sched.basis, start.basis, local_job_s.basis),
                      f"start {start.value:.0f}s ({start.basis}) + jobs {local_job_s.value:.0f}s; "
                      f"{shape['workers']} workers x {shape['vcpu']} vCPU/{shape['memory_gb']} GB"))

    query = lat("athena_query")
    dbt_s = dbt_seconds(m, query.value)
    steps.append(Step("dbt build (Athena)", dbt_s, env * billed_hours(dbt_s) + dbt_athena_usd(p, m, batch),
                      mix(query.basis, "estimate"), "as SparkFlow"))
    chart = lat("superset_chart_render")
    steps.append(Step("Superset dashboard", chart.value, charts_usd(p, m), mix(chart.basis, "estimate"),
                      "as SparkFlow"))
    steps.append(Step("idle tail to power-off", 0.0, 0.0, "documented",
                      f"never powers off: ${env:.2f}/h whether or not a batch runs (see idle)", on_path=False))
    steps.append(Step("no burstable instance", 0.0, 0.0, "documented", "as SparkFlow", on_path=False))
    return steps


def latency_s(steps: list[Step]) -> float:
    return sum(s.seconds for s in steps if s.on_path)


def cost_usd(steps: list[Step]) -> float:
    return sum(s.usd for s in steps)


@dataclass(frozen=True)
class IdleLine:
    what: str
    usd_month: float
    per_hour: bool      # billed per hour of existence (a running resource), not per GB stored
    basis: str


def idle_month(p: Prices, platform: Platform, assumptions: dict) -> list[IdleLine]:
    """SparkFlow with no batch for a month: nothing runs; what remains is stored data and the janitor."""
    a = assumptions["idle_month"]
    runs = platform.janitor_runs_per_month
    janitor = (runs * a["janitor_invocation_s"] * platform.lambda_memory_gb * p.price("lambda_gb_second")
               + runs * p.price("lambda_per_million_requests") / 1e6)
    logs = runs * a["janitor_log_kb"] / 1024 / 1024 * p.price("cloudwatch_logs_ingest_gb")
    return [
        IdleLine("Airflow instance, EMR cluster, public IPv4: none running", 0.0, True, "documented"),
        IdleLine(f"S3 storage ({a['s3_stored_gb']:g} GB)", a["s3_stored_gb"] * p.price("s3_standard_gb_month"),
                 False, "estimate"),
        IdleLine(f"ECR storage ({a['ecr_stored_gb']:g} GB of images)", a["ecr_stored_gb"] * p.price("ecr_gb_month"),
                 False, "estimate"),
        IdleLine(f"KMS customer-managed keys ({a['customer_managed_kms_keys']}; AWS-managed keys are free)",
                 a["customer_managed_kms_keys"] * p.price("kms_key_month"), True, "documented"),
        IdleLine("SSM parameters (standard tier), no Secrets Manager secret", 0.0, False, "documented"),
        IdleLine(f"janitor Lambda ({runs:.0f} runs, before the free tier)", janitor, False, "estimate"),
        IdleLine("janitor logs in CloudWatch", logs, False, "estimate"),
        IdleLine("DynamoDB on demand, Glue catalog, SNS, EventBridge, Budgets, CloudTrail data events", 0.0, False,
                 "documented"),
    ]


def mwaa_idle_month(p: Prices) -> float:
    return p.price("mwaa_environment_hour", "mw1.small") * HOURS_PER_MONTH


def idle_tail_s(platform: Platform) -> float:
    """How long the pipeline instance runs idle after its batch: its idle minutes, then up to the watchdog's next tick."""
    return platform.pipeline_idle_minutes * 60 + WATCHDOG_TICK_S


def restart_usd(steps: list[Step]) -> float:
    """What starting the instance again costs: every billed step before the jobs (event, Lambda, boot to healthy)."""
    before_jobs = []
    for step in steps:
        if step.name.startswith("jobs"):
            break
        before_jobs.append(step)
    return cost_usd(before_jobs)


def idle_break_even_s(steps: list[Step], p: Prices, platform: Platform) -> float:
    """
    How long the idle instance may wait for more files before waiting costs what a restart costs. Waiting that long
    and no longer (the ski-rental rule) never spends more than twice what knowing the next drop's time would: a drop
    within the wait saves the restart; after it, the wait was at most one restart's worth.
    """
    return restart_usd(steps) / instance_hourly(p, platform) * 3600


def idle_wait_check(steps: list[Step], p: Prices, platform: Platform) -> tuple[str, str, bool]:
    """pipeline_idle_minutes against the break-even: the idle tail (wait + the watchdog's tick) at most one tick past it."""
    even_s = idle_break_even_s(steps, p, platform)
    tail_s = idle_tail_s(platform)
    return (f"pipeline idle wait near the restart break-even (${restart_usd(steps):.4f} = {even_s / 60:.1f} min "
            f"of the instance)", f"pipeline_idle_minutes={platform.pipeline_idle_minutes}: tail {tail_s / 60:.0f} min",
            even_s - WATCHDOG_TICK_S <= tail_s <= even_s + WATCHDOG_TICK_S)


def targets(household: list[Step], idle: list[IdleLine], max_s: float = 600.0,
            max_usd: float = 0.02) -> list[tuple[str, str, bool]]:
    """The targets `make cost` reports on (it never fails the build on them)."""
    seconds, usd = latency_s(household), cost_usd(household)
    hourly = sum(line.usd_month for line in idle if line.per_hour)
    stored = sum(line.usd_month for line in idle if not line.per_hour)
    return [
        (f"household drop to dashboard <= {max_s / 60:.0f} min", f"{seconds / 60:.1f} min", seconds <= max_s),
        (f"household batch <= ${max_usd:.2f}", f"${usd:.4f}", usd <= max_usd),
        ("idle: nothing billed per hour without a batch", f"${hourly:.2f}/month running; "
         f"storage and janitor ${stored:.2f}/month remain (not $0)", hourly == 0.0),
    ]


def _money(usd: float) -> str:
    return f"${usd:.4f}" if usd < 10 else f"${usd:,.2f}"


def render_batch(title: str, ours: list[Step], theirs: list[Step]) -> str:
    head = (f"{'step (SparkFlow | MWAA + EMR Serverless)':<40} {'time':>8} {'cost':>9}  {'basis':<31} | "
            f"{'time':>8} {'cost':>9}  basis")
    lines = [title, head, "-" * len(head)]
    for a, b in zip(ours, theirs):
        lines.append(f"{a.name[:40]:<40} {_secs(a.seconds):>8} {_money(a.usd):>9}  {a.basis:<31} | "
                     f"{_secs(b.seconds):>8} {_money(b.usd):>9}  {b.basis}")
    lines.append(f"{'drop to dashboard: time; cost incl. tail':<40} {_secs(latency_s(ours)):>8} "
                 f"{_money(cost_usd(ours)):>9}  {'':<31} | {_secs(latency_s(theirs)):>8} {_money(cost_usd(theirs)):>9}")
    lines.append("how:")
    lines += [f"  {s.name}: {s.how}" for s in ours]
    lines += [f"  MWAA: {s.name}: {s.how}" for s in theirs if not s.how.startswith("as SparkFlow")]
    return "\n".join(lines)


def render_idle(idle: list[IdleLine], mwaa_month: float) -> str:
    lines = ["Idle month (no batch): SparkFlow", f"{'what':<86} {'$/month':>9}  basis"]
    lines += [f"{line.what:<86} {_money(line.usd_month):>9}  {line.basis}" for line in idle]
    lines.append(f"{'total':<86} {_money(sum(line.usd_month for line in idle)):>9}")
    lines.append(f"{'MWAA mw1.small environment alone (billed every hour it exists)':<86} {_money(mwaa_month):>9}  "
                 "documented")
    return "\n".join(lines)


def render_targets(rows: list[tuple[str, str, bool]]) -> str:
    return "\n".join(["Targets"] + [f"  {'PASS' if ok else 'FAIL'}  {what}: {value}" for what, value, ok in rows])


def _secs(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes}m{rest:02d}s"
