"""Shared fixtures: loading the DAG in a mode, a lake holding the sample household's landed files, a moto server."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "airflow" / "dags"
DAG_ID = "sparkflow_pipeline"
# The two engines' tasks after choose_engine: a run takes one path, the other is skipped.
LOCAL_PATH = {"run_jobs_local", "train_categories"}
EMR_PATH = {"build_cluster_config", "create_cluster", "submit_jobs", "wait_for_jobs", "terminate_cluster"}
# The dags folder on sys.path, as Airflow puts it, so tests import the DAGs' helpers as `include.*`.
sys.path.insert(0, str(DAGS))


def env(name: str) -> str:
    """A variable `make test-airflow` sets; without it the test fails (it never skips)."""
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests with `make test-airflow`")
    return value


def load_dagbag():
    """The dags folder as the DAG processor bags it (the folder on sys.path, .airflowignore honoured)."""
    from airflow.dag_processing.dagbag import BundleDagBag

    return BundleDagBag(dag_folder=DAGS, bundle_path=DAGS, bundle_name="dags-folder")


@pytest.fixture
def load_dag(monkeypatch):
    """Parses the DAG with SPARKFLOW_EXECUTION=<mode> (and any other env given), retries off so failures end fast."""

    def load(mode: str, **environ: str):
        monkeypatch.setenv("SPARKFLOW_EXECUTION", mode)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        bag = load_dagbag()
        assert bag.import_errors == {}
        dag = bag.dags[DAG_ID]
        for task in dag.tasks:
            task.retries = 0
        return dag

    return load


@pytest.fixture
def sample_landing() -> Path:
    """landing/ of the sample household (`make demo` writes it and leaves it in place)."""
    landing = Path(env("SPARKFLOW_TEST_SAMPLE")) / "landing"
    assert any(landing.rglob("*.csv")), f"no sample files under {landing}"
    return landing


@pytest.fixture
def local_lake(tmp_path, sample_landing) -> Path:
    """A fresh lake on local disk with the sample household waiting in landing/."""
    lake = tmp_path / "lake"
    shutil.copytree(sample_landing, lake / "landing")
    return lake


def task_states(run) -> dict[str, str]:
    return {ti.task_id: str(ti.state) for ti in run.get_task_instances()}


def landed_bytes(landing: Path) -> int:
    """The bytes choose_engine adds up for a landing folder (no sample file is an ignored one)."""
    return sum(p.stat().st_size for p in landing.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def moto_server():
    """moto in server mode in this process, so a test can also reach into its EMR backend (step states)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()
