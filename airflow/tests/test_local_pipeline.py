"""Local mode end to end with dag.test(): the sample household through Spark (local mode) and dbt on DuckDB."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import EMR_PATH, env, landed_bytes, task_states
from include import engine


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]


def marts_count(lake: Path, sql: str) -> int:
    """A count from the lake's DuckDB marts, asked with dbt's own Python (where duckdb is installed)."""
    return int(subprocess.run(
        [env("SPARKFLOW_TEST_DBT_PYTHON"), "-c",
         "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
         "print(con.execute(sys.argv[2]).fetchone()[0])", str(lake / "sparkflow.duckdb"), sql],
        check=True, capture_output=True, text=True).stdout)


def test_local_mode_takes_the_sample_household_from_landing_to_dashboard_tables(load_dag, local_lake):
    landed = sorted(p.relative_to(local_lake / "landing").as_posix() for p in files_under(local_lake / "landing"))
    size = landed_bytes(local_lake / "landing")
    # local mode takes the local engine whatever the size: a threshold below the batch changes nothing
    dag = load_dag("local", SPARKFLOW_LAKE=str(local_lake), SPARKFLOW_LOCAL_ENGINE_MAX_BYTES="1")

    run = dag.test()

    assert task_states(run) == {t: "skipped" if t in EMR_PATH else "success" for t in dag.task_ids}
    assert str(run.state) == "success"
    checked = run.get_task_instance("check_reports").xcom_pull(task_ids="check_reports")
    assert checked["engine"].startswith(f"engine: local (landed {engine.human(size)}; ")
    assert "SPARKFLOW_EXECUTION=local" in checked["engine"]
    batch = run.get_task_instance("find_landed_files").xcom_pull(task_ids="find_landed_files")
    assert batch["lake"] == str(local_lake) and len(batch["files"]) == len(landed)
    # landing emptied, every file archived to raw/ under this batch, reports written and balanced
    assert files_under(local_lake / "landing") == []
    archived = [p for p in files_under(local_lake / "raw") if f"batch_id={batch['batch_id']}" in p.as_posix()]
    assert len(archived) == len(landed)
    report = json.loads((local_lake / "reports" / "ingest" / f"{batch['batch_id']}.json").read_text())
    assert sorted(f["source_file"] for f in report["files"]) == landed
    assert report["totals"]["rows_quarantined"] > 0  # the sample plants bad rows: reported, not a failure
    # curated Parquet and the dashboard tables built from it
    assert any(p.suffix == ".parquet" for p in files_under(local_lake / "curated" / "transactions"))
    assert marts_count(local_lake, "select count(*) from sparkflow_marts.fct_transactions") > 0
    # the category model trained after curate (a version and the pointer to it), and its categories in the marts
    current = json.loads((local_lake / "models" / "categories" / "current.json").read_text())
    assert (local_lake / "models" / "categories" / f"version={current['version']}" / "metrics.json").is_file()
    assert marts_count(local_lake, "select count(*) from sparkflow_marts.fct_transactions "
                                   "where category_source = 'model'") > 0


def test_a_run_with_nothing_in_landing_skips_quietly(load_dag, tmp_path):
    (tmp_path / "lake" / "landing").mkdir(parents=True)
    dag = load_dag("local", SPARKFLOW_LAKE=str(tmp_path / "lake"))

    run = dag.test()

    states = task_states(run)
    assert str(run.state) == "success"
    assert states.pop("find_landed_files") == "success"
    assert set(states.values()) == {"skipped"}


def test_a_failing_job_fails_the_run_and_leaves_landing_as_it_was(load_dag, local_lake):
    landed = files_under(local_lake / "landing")
    dag = load_dag("local", SPARKFLOW_LAKE=str(local_lake), SPARKFLOW_JOBS_CMD="false")  # exits 1, like a failed job

    run = dag.test()

    states = task_states(run)
    assert str(run.state) == "failed"
    assert states["run_jobs_local"] == "failed"
    assert {states[t] for t in EMR_PATH} == {"skipped"}
    assert {states[t] for t in ("train_categories", "join_engines", "check_reports", "build_marts", "clear_landing",
                                "publish_summary")} == {"upstream_failed"}
    assert files_under(local_lake / "landing") == landed


def marts_query(lake: Path, sql: str) -> list[tuple]:
    """Rows of a query on the lake's DuckDB marts, run by the dbt venv's duckdb."""
    out = subprocess.run(
        [env("SPARKFLOW_TEST_DBT_PYTHON"), "-c",
         "import duckdb, json, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
         "print(json.dumps(con.execute(sys.argv[2]).fetchall()))", str(lake / "sparkflow.duckdb"), sql],
        check=True, capture_output=True, text=True).stdout
    return [tuple(row) for row in json.loads(out)]


def test_a_manual_replay_re_reads_rejected_files_from_raw_and_resolves_the_lines_that_now_pass(load_dag, local_lake):
    # Ingested on 2026-10-15, the household's later rows are dated after the ingest date (DATE_OUT_OF_RANGE); a
    # replay on 2026-12-01 reads them again from raw/ and they pass: the fix here is the date, no config edit.
    dag = load_dag("local", SPARKFLOW_LAKE=str(local_lake))
    # run ids come from run_after: a few seconds' offset keeps them new in a metadata database that outlived a run
    offset = timedelta(seconds=time.time() % 3600)
    first = dag.test(run_after=datetime(2026, 10, 15, 12, tzinfo=timezone.utc) + offset)
    assert str(first.state) == "success"
    batch = first.get_task_instance("find_landed_files").xcom_pull(task_ids="find_landed_files")
    ingest = json.loads((local_lake / "reports" / "ingest" / f"{batch['batch_id']}.json").read_text())
    out_of_range = ingest["totals"]["quarantined.DATE_OUT_OF_RANGE"]
    assert out_of_range > 0

    replay = dag.test(run_after=datetime(2026, 12, 1, 12, tzinfo=timezone.utc) + offset,
                      run_conf={"replay_batches": batch["batch_id"]})

    assert str(replay.state) == "success"
    assert task_states(replay) == {t: "skipped" if t in EMR_PATH else "success" for t in dag.task_ids}
    checked = replay.get_task_instance("check_reports").xcom_pull(task_ids="check_reports")
    report = checked["replay"]
    assert report["batch_id"].startswith("replay-20261201-")
    assert report["resolved"]["DATE_OUT_OF_RANGE"] == out_of_range
    assert "DATE_OUT_OF_RANGE" not in report["open_after"]
    assert report["open_before"]["DATE_OUT_OF_RANGE"] == out_of_range
    assert checked["ingest"]["batch_id"] == report["batch_id"]
    assert replay.get_task_instance("clear_landing").xcom_pull(task_ids="clear_landing") == []
    statuses = dict(marts_query(local_lake, "select status, count(*) from sparkflow_marts.fct_quarantined_rows "
                                            "where reason_code = 'DATE_OUT_OF_RANGE' group by status"))
    assert statuses == {"resolved": out_of_range}

    again = dag.test(run_after=datetime(2026, 12, 1, 13, tzinfo=timezone.utc) + offset,
                     run_conf={"replay_batches": batch["batch_id"]})

    assert str(again.state) == "success"
    assert again.get_task_instance("check_reports").xcom_pull(task_ids="check_reports")["replay"] is None
    assert sorted(p.name for p in (local_lake / "reports" / "replay").glob("*.json")) == [f"{report['batch_id']}.json"]
