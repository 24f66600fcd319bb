"""Shared fixtures of the infrastructure tests: the repository root and a throw-away copy of its config and Terraform."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of config/, infra/terraform/ and the EMR cluster JSON for breaking a rule on purpose."""
    shutil.copytree(REPO / "config", tmp_path / "config")
    (tmp_path / "airflow/dags/include").mkdir(parents=True)
    shutil.copy(REPO / "airflow/dags/include/emr_cluster.json", tmp_path / "airflow/dags/include")
    shutil.copytree(REPO / "infra/terraform", tmp_path / "infra/terraform",
                    ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))
    return tmp_path
