"""Fixtures: the assets as parsed YAML, the marts file, a bundle of the assets, and a real Superset."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

SUPERSET_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(SUPERSET_DIR))

import build_bundle  # noqa: E402
import local_superset  # noqa: E402


def load_assets(kind: str) -> list[dict[str, Any]]:
    """Every asset of a kind ("charts", "datasets", "dashboards") under superset/assets, parsed."""
    return [yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((build_bundle.ASSETS / kind).rglob("*.yaml"))]


CHARTS = load_assets("charts")
# Which engine the dashboard runs on: duckdb (the marts file, make test-superset) or trino (Athena's engine on the
# same lake, make test-trino). The assets are the same; only the database in the bundle differs.
TARGET = os.environ.get("SUPERSET_TEST_TARGET", "duckdb")
DATASETS = load_assets("datasets")
DASHBOARD_SLUG = "household-finance"


@dataclass(frozen=True)
class Superset:
    """A running Superset: where it listens and how to log in."""

    url: str
    password: str
    home: Path


@pytest.fixture(scope="session")
def marts_file() -> Path:
    """The DuckDB file holding the dbt marts (make test-superset builds it from a fresh demo lake)."""
    value = os.environ.get("SPARKFLOW_DUCKDB", "")
    if not value or not Path(value).is_file():
        pytest.fail(f"SPARKFLOW_DUCKDB={value!r} is not a marts file; run the tests with `make test-superset`")
    return Path(value).resolve()


@pytest.fixture(scope="session")
def bundle(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assets zipped for the target: DuckDB pointing at the marts file, or the local Trino."""
    if TARGET == "trino":
        env = {"SPARKFLOW_TRINO_PORT": os.environ.get("SPARKFLOW_TRINO_PORT", "")}
        if not env["SPARKFLOW_TRINO_PORT"]:
            pytest.fail("SUPERSET_TEST_TARGET=trino needs SPARKFLOW_TRINO_PORT: run the tests with `make test-trino`")
    else:
        env = {"SPARKFLOW_DUCKDB": str(request.getfixturevalue("marts_file"))}
    path = tmp_path_factory.mktemp("bundle") / f"bundle-{TARGET}.zip"
    path.write_bytes(build_bundle.write_zip(build_bundle.bundle_entries(TARGET, env)))
    return path


@pytest.fixture(scope="session")
def superset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Superset]:
    """A fresh Superset home and server on a free localhost port, stopped after the session."""
    home = tmp_path_factory.mktemp("superset-home")
    password = local_superset.init_home(home)
    port = local_superset.free_port()
    url = f"http://127.0.0.1:{port}"
    log = home / "server.log"
    server = local_superset.start_server(home, port, log)
    try:
        try:
            local_superset.wait_until_healthy(url, server, timeout=120)
        except (RuntimeError, TimeoutError) as error:
            tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
            pytest.fail(f"{error}\n--- {log} (last lines) ---\n{tail}")
        yield Superset(url=url, password=password, home=home)
    finally:
        local_superset.stop_server(server)
