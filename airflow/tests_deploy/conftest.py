"""Shared fixtures of the deployment tests: paths, the Compose v2 binary and the Compose model it resolves."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_DIR = REPO_ROOT / "airflow"
COMPOSE_FILE = AIRFLOW_DIR / "docker-compose.yml"
DOCKERFILE = AIRFLOW_DIR / "Dockerfile"
BUILD_OVERRIDE = AIRFLOW_DIR / "docker-compose.build.yml"
ECR_REGISTRY = "123456789012.dkr.ecr.eu-central-1.amazonaws.com"

# Stand-ins for what the instance exports at boot (README-deploy.md): every one is required by the Compose file.
COMPOSE_ENV = {
    "AIRFLOW_REMOTE_BASE_LOG_FOLDER": "s3://sparkflow-test-logs/airflow/logs",
    "SPARKFLOW_SSM_PREFIX": "/sparkflow/test/airflow",
    "AWS_REGION": "eu-central-1",
    "SPARKFLOW_ATHENA_STAGING_DIR": "s3://sparkflow-test-athena/dbt/",
    "SPARKFLOW_ATHENA_DATA_DIR": "s3://sparkflow-test-athena/marts/",
    "SPARKFLOW_ATHENA_WORK_GROUP": "sparkflow",
    "SPARKFLOW_SECRETS_DIR": "/run/sparkflow/secrets",
    "SPARKFLOW_AIRFLOW_IMAGE": f"{ECR_REGISTRY}/sparkflow-test-airflow@sha256:{'a1' * 32}",
    "SPARKFLOW_POSTGRES_IMAGE": f"{ECR_REGISTRY}/sparkflow-test-postgres@sha256:{'b2' * 32}",
}


def compose_bin() -> Path:
    """Docker Compose v2 as `make venv-deploy` installs it (or SPARKFLOW_COMPOSE_BIN)."""
    default = REPO_ROOT / ".venv" / "deploy" / "bin" / "docker-compose"
    path = Path(os.environ.get("SPARKFLOW_COMPOSE_BIN", default))
    if not path.is_file():
        pytest.fail(f"Docker Compose v2 not found at {path}: run `make venv-deploy`")
    return path


def run_compose(compose_file: Path | tuple[Path, ...], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`docker compose --file F config ...` with exactly the given variables (no .env file, no outer environment)."""
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    files = compose_file if isinstance(compose_file, tuple) else (compose_file,)
    return subprocess.run(
        [str(compose_bin()), *(arg for f in files for arg in ("--file", str(f))), "--env-file", os.devnull, "config",
         *args],
        env={**base_env, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def unescape(value):
    """The model as the containers see it: `config` prints a literal `$` as `$$`."""
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, list):
        return [unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: unescape(v) for k, v in value.items()}
    return value


def resolve(compose_file: Path | tuple[Path, ...], env: dict[str, str] | None = None) -> dict:
    """The Compose model resolved by Compose v2: interpolated, anchors merged, normalised."""
    result = run_compose(compose_file, COMPOSE_ENV if env is None else env, "--format", "json")
    assert result.returncode == 0, f"docker compose config failed:\n{result.stderr}"
    return unescape(json.loads(result.stdout))


@pytest.fixture(scope="session")
def model() -> dict:
    return resolve(COMPOSE_FILE)


@pytest.fixture(scope="session")
def services(model) -> dict:
    return model["services"]


@pytest.fixture(scope="session")
def raw_compose() -> dict:
    """The Compose file as written (YAML merge keys resolved by the loader, nothing interpolated)."""
    return yaml.safe_load(COMPOSE_FILE.read_text())
