"""The report checks, the batch plan, landing clean-up and which landed files are data, on small inline data."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import boto3
import pytest
import requests

from conftest import REPO
from include import lake, reports

LANDED_NAMES = REPO / "test-support" / "src" / "main" / "resources" / "dev" / "sparkflow" / "testing" / "landed-names.tsv"

FILE = {"source_file": "transactions/a.csv", "bytes": 10, "status": "partly", "file_reason": None,
        "lines_total": 7, "lines_skipped": {"header": 1, "blank": 1}, "rows_read": 5, "rows_valid": 3,
        "rows_quarantined": 2, "quarantined_by_reason": {"IMPOSSIBLE_DATE": 1, "FORMULA_PAYLOAD": 1}}
REJECTED = {"source_file": "stray.txt", "bytes": 3, "status": "rejected", "file_reason": "UNKNOWN_DATASET",
            "file_detail": None, "lines_total": 1, "lines_skipped": {"rejected_file": 1},
            "rows_read": 0, "rows_valid": 0, "rows_quarantined": 0, "quarantined_by_reason": {}}
INGEST = {"batch_id": "20261121-0123456789", "files": [FILE, REJECTED], "totals": {
    "files_partly": 1, "files_rejected": 1, "rows_read": 5, "rows_valid": 3, "rows_quarantined": 2,
    "quarantined.FORMULA_PAYLOAD": 1, "quarantined.IMPOSSIBLE_DATE": 1}}
CURATE = {"batch_id": "20261121-0123456789", "datasets": {
    "transactions": {"rows_before": 10, "rows_new": 3, "duplicates_dropped": 1, "rows_after": 12}}}


def test_a_balanced_report_is_summarised_with_counts_per_reason():
    summary = reports.check_ingest(INGEST)
    assert summary["quarantined_by_reason"] == {"FORMULA_PAYLOAD": 1, "IMPOSSIBLE_DATE": 1}
    assert summary["files_by_status"] == {"partly": 1, "rejected": 1}
    assert summary["rejected_files"] == {"stray.txt": "UNKNOWN_DATASET"}
    lines = reports.describe(summary, reports.check_curate(CURATE))
    assert "  quarantined IMPOSSIBLE_DATE: 1" in lines and "curated rows now: transactions 12" in lines
    assert lines[-1] == "rejected whole: 1 file: stray.txt (UNKNOWN_DATASET)"


def test_the_summary_ends_naming_each_file_rejected_whole_and_why():
    unreadable = {**REJECTED, "source_file": "transactions/x.csv", "file_reason": "FILE_UNREADABLE",
                  "file_detail": "java.lang.IllegalStateException: bad\n\tstate"}
    all_bad = {**FILE, "source_file": "budgets/b.csv", "status": "rejected", "rows_valid": 0, "rows_quarantined": 5,
               "quarantined_by_reason": {"INVALID_MONTH": 2, "IMPOSSIBLE_DATE": 3}}
    summary = {"rejected_files": {f["source_file"]: reports.rejected_because(f) for f in (unreadable, all_bad)}}
    assert reports.rejected_line(summary["rejected_files"]) == (
        "rejected whole: 2 files: transactions/x.csv (FILE_UNREADABLE: java.lang.IllegalStateException: bad state); "
        "budgets/b.csv (every row quarantined: IMPOSSIBLE_DATE 3, INVALID_MONTH 2)")
    assert reports.rejected_line({}) == "rejected whole: none"


def test_a_line_that_is_neither_skipped_nor_a_row_fails_the_check():
    broken = copy.deepcopy(INGEST)
    broken["files"][0]["lines_total"] = 8
    with pytest.raises(reports.ReportError, match="transactions/a.csv: lines 8 != skipped 2 \\+ valid 3 \\+ quarantined 2"):
        reports.check_ingest(broken)


def test_a_file_that_loses_a_row_fails_the_check():
    broken = copy.deepcopy(INGEST)
    broken["files"][0]["rows_valid"] = 2
    with pytest.raises(reports.ReportError, match="transactions/a.csv: read 5 != valid 2 \\+ quarantined 2"):
        reports.check_ingest(broken)


def test_ignored_objects_are_counted_in_the_summary_but_not_in_the_balance():
    report = copy.deepcopy(INGEST)
    report["ignored"] = [{"path": "transactions/.DS_Store", "rule": ".DS_Store"}, {"path": "_SUCCESS", "rule": "_SUCCESS"}]
    summary = reports.check_ingest(report)
    assert summary["ignored"] == 2 and summary["processed"] == reports.check_ingest(INGEST)["processed"]
    assert any(line.startswith("  ignored 2 landed objects that are not data") for line in reports.describe(summary))
    assert not any("ignored" in line for line in reports.describe(reports.check_ingest(INGEST)))


def test_reasons_that_do_not_add_up_fail_the_check():
    broken = copy.deepcopy(INGEST)
    broken["files"][0]["quarantined_by_reason"] = {"IMPOSSIBLE_DATE": 1}
    with pytest.raises(reports.ReportError, match="sum by reason"):
        reports.check_ingest(broken)


def test_totals_that_differ_from_the_files_fail_the_check():
    broken = copy.deepcopy(INGEST)
    broken["totals"]["rows_quarantined"] = 1
    with pytest.raises(reports.ReportError, match="totals: rows_quarantined is 1"):
        reports.check_ingest(broken)


def test_a_curate_report_that_invents_rows_fails_the_check():
    broken = copy.deepcopy(CURATE)
    broken["datasets"]["transactions"]["rows_after"] = 13
    with pytest.raises(reports.ReportError, match="transactions: 10 before"):
        reports.check_curate(broken)


def test_the_batch_id_follows_the_run_date_and_the_files():
    files = [lake.LandedFile("transactions/a.csv", 10), lake.LandedFile("budgets/b.csv", 4)]
    run_after = datetime(2026, 11, 21, 23, 30, tzinfo=timezone.utc)
    batch = lake.plan_batch(files, run_after, "/lake")
    assert batch["batch_id"].startswith("20261121-") and len(batch["batch_id"]) == 19
    assert batch["ingest_date"] == "2026-11-21"
    assert lake.plan_batch(list(reversed(files)), run_after, "/lake")["batch_id"] == batch["batch_id"]
    assert lake.plan_batch(files[:1], run_after, "/lake")["batch_id"] != batch["batch_id"]


def test_clearing_landing_removes_processed_files_but_keeps_new_and_changed_ones(tmp_path):
    landing = tmp_path / "landing"
    for path, text in {"transactions/acct/a.csv": "0123456789", "budgets/b.csv": "changed!", "balances/new.csv": "x",
                       "transactions/.DS_Store": "h"}.items():
        (landing / path).parent.mkdir(parents=True, exist_ok=True)
        (landing / path).write_text(text)
    the_lake = lake.Lake.open(str(tmp_path), str(REPO / "config"))
    assert [f.path for f in the_lake.landed_files()] == ["balances/new.csv", "budgets/b.csv", "transactions/acct/a.csv"]
    removed, kept = the_lake.clear_landing([{"source_file": "transactions/acct/a.csv", "bytes": 10},
                                            {"source_file": "budgets/b.csv", "bytes": 4}])
    assert (removed, kept) == (["transactions/acct/a.csv"], ["budgets/b.csv"])
    assert [f.path for f in the_lake.landed_files()] == ["balances/new.csv", "budgets/b.csv"]
    assert not (landing / "transactions" / "acct").exists() and (landing / "transactions" / ".DS_Store").exists()


def _landed_names() -> list[tuple[str, str | None]]:
    """test-support's table of landed paths and the ignored_files entry each matches, shared by every copy of the rule."""
    lines = LANDED_NAMES.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [(path, None if rule == "-" else rule) for path, rule in rows]


@pytest.mark.parametrize(("path", "rule"), _landed_names())
def test_each_landed_path_is_read_or_ignored_by_the_entry_the_shared_table_names(path, rule):
    assert lake.Layout.load(str(REPO / "config")).ignored_by(path) == rule


def test_only_what_lake_yml_ignores_is_left_out_of_the_landed_files(tmp_path):
    for path in ("transactions/_march.csv", "transactions/.march.csv", "transactions/.DS_Store", "budgets/~$b.xlsx",
                 "transactions/x.csv.crdownload", "_SUCCESS", "transactions/_temporary/0/part-00000.csv"):
        (tmp_path / "landing" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "landing" / path).write_text("x")
    the_lake = lake.Lake.open(str(tmp_path), str(REPO / "config"))
    assert [f.path for f in the_lake.landed_files()] == ["transactions/.march.csv", "transactions/_march.csv"]


class _ListedStorage:
    """A storage that lists given keys, as S3 does, whatever they hold."""

    def __init__(self, paths: list[str]):
        self.paths = paths

    def list(self, prefix: str) -> list[lake.LandedFile]:
        return [lake.LandedFile(path, 1) for path in self.paths]


def test_keys_with_dot_dot_or_other_path_tricks_are_not_landed_files(caplog):
    tricks = ["transactions/../../reports/ingest/x.json", "../raw/x.csv", "transactions/./a.csv", "transactions//a.csv",
              "/transactions/a.csv", "transactions/..", "transactions\\..\\a.csv", "transactions/a\x00.csv"]
    safe = ["transactions/a..b.csv", "transactions/..a.csv", "transactions/acct/a.csv"]
    the_lake = lake.Lake("s3://lake", lake.Layout.load(str(REPO / "config")), _ListedStorage(tricks + safe))
    assert [f.path for f in the_lake.landed_files()] == sorted(safe)
    assert all(lake.unsafe_key(path) for path in tricks) and not any(lake.unsafe_key(path) for path in safe)
    assert "left where it is, unread" in caplog.text


def test_folder_markers_and_junk_on_s3_wait_for_nothing(moto_server, monkeypatch):
    requests.post(f"{moto_server}/moto-api/reset", timeout=10).raise_for_status()
    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", json.dumps({
        "conn_type": "aws", "login": "testing", "password": "testing",
        "extra": {"region_name": "us-east-1", "endpoint_url": moto_server}}))
    s3 = boto3.client("s3", endpoint_url=moto_server, region_name="us-east-1", aws_access_key_id="testing",
                      aws_secret_access_key="testing")
    s3.create_bucket(Bucket="lake")
    for key in ("landing/", "landing/transactions/", "landing/transactions/.DS_Store", "landing/Thumbs.db"):
        s3.put_object(Bucket="lake", Key=key, Body=b"")
    the_lake = lake.Lake.open("s3://lake", str(REPO / "config"))
    assert the_lake.landed_files() == []
    s3.put_object(Bucket="lake", Key="landing/transactions/_march.csv", Body=b"date,amount\n")
    assert the_lake.landed_files() == [lake.LandedFile("transactions/_march.csv", 12)]


def test_a_lake_yml_entry_the_rule_cannot_express_is_refused(tmp_path):
    text = (REPO / "config" / "lake.yml").read_text(encoding="utf-8")
    for bad in ("a/b", "x?.csv", "two words", "/**"):
        (tmp_path / "lake.yml").write_text(text.replace('  - "Thumbs.db"', f"  - {json.dumps(bad)}"), encoding="utf-8")
        with pytest.raises(ValueError, match="lake.yml: ignored_files entry"):
            lake.Layout.load(str(tmp_path))


def test_the_layout_comes_from_lake_yml():
    layout = lake.Layout.load(str(REPO / "config"))
    assert layout.datasets == ("transactions", "balances", "budgets", "holdings", "fx_rates")
    assert json.loads(layout.dbt_vars())["lake_zones"]["landing"] == layout.zones["landing"]
    assert {k: json.loads(layout.dbt_vars())[k] for k in ("home_currency", "fx_lookback_days")} == \
        {"home_currency": "EUR", "fx_lookback_days": 4}
