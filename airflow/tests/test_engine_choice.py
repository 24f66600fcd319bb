"""The engine a batch gets, decided by its landed bytes at the threshold, and the threshold's platform default."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO
from include import engine, reports, settings

THRESHOLD = 256 * 1024**2


@pytest.mark.parametrize("landed, chosen, reason", [
    (0, "local", "engine: local (landed 0 B < 256 MB threshold)"),
    (412 * 1024, "local", "engine: local (landed 412 KB < 256 MB threshold)"),
    (THRESHOLD - 1, "local", "engine: local (landed 256 MB < 256 MB threshold)"),
    (THRESHOLD, "emr", "engine: emr (landed 256 MB >= 256 MB threshold)"),
    (int(3.1 * 1024**3), "emr", "engine: emr (landed 3.1 GB >= 256 MB threshold)"),
])
def test_a_batch_on_s3_below_the_threshold_runs_locally_and_at_or_above_it_on_emr(landed, chosen, reason):
    assert engine.choose(landed, "emr", THRESHOLD) == (chosen, reason)


def test_a_lake_on_local_disk_always_takes_the_local_engine():
    chosen, reason = engine.choose(10 * THRESHOLD, "local", THRESHOLD)
    assert chosen == "local"
    assert reason == "engine: local (landed 2.5 GB; SPARKFLOW_EXECUTION=local: the lake is on this disk)"


def test_the_landed_bytes_are_the_batchs_files_sizes():
    batch = {"files": [{"path": "transactions/a.csv", "bytes": 1000}, {"path": "transactions/b.csv", "bytes": 24}]}
    assert engine.landed_bytes(batch) == 1024


@pytest.fixture
def no_variable(monkeypatch):
    """settings.get outside a task: no Variable (the Variable API needs a running task), env and defaults only."""
    import airflow.sdk

    monkeypatch.setattr(airflow.sdk.Variable, "get", staticmethod(lambda key, default=None: default))
    monkeypatch.delenv("SPARKFLOW_LOCAL_ENGINE_MAX_BYTES", raising=False)
    monkeypatch.delenv("SPARKFLOW_CONFIG_DIR", raising=False)


def test_the_threshold_defaults_to_platform_yml_and_env_overrides_it(no_variable, monkeypatch):
    platform = yaml.safe_load((REPO / "config" / "platform.yml").read_text())
    default = platform["pipeline"]["local_engine_max_bytes"]
    assert isinstance(default, int) and default > 0
    assert settings.DEFAULTS["local_engine_max_bytes"] is None  # one home: platform.yml, not settings.py
    assert settings.required("local_engine_max_bytes") == str(default)
    monkeypatch.setenv("SPARKFLOW_LOCAL_ENGINE_MAX_BYTES", "1024")
    assert settings.required("local_engine_max_bytes") == "1024"


def test_the_summary_names_the_engine_and_why():
    ingest = {"batch_id": "b", "rows_read": 1, "rows_valid": 1, "rows_quarantined": 0, "quarantined_by_reason": {},
              "files_by_status": {"ingested": 1}, "rejected_files": {}}
    line = "engine: local (landed 412 KB < 256 MB threshold)"
    assert f"  {line}" in reports.describe(ingest, None, line)
    assert not any("engine" in text for text in reports.describe(ingest))
