"""The Superset image's entry point (superset/image/bin/sparkflow-dashboards), run here outside a container: the
athena bundle built from the environment, the home prepared with the Docker secret files' key and password, a real
server, the bundle imported (an import needs no AWS), the foreground kept until a TERM. Plus `up`'s secrets-from-files
option on its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import local_superset

ENTRY = local_superset.HERE / "image" / "bin" / "sparkflow-dashboards"
SECRET_KEY = "a-secret-key-from-ssm-" + "k" * 30
PASSWORD = "a-password-from-ssm-Zq7"


@pytest.fixture()
def secrets_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "secrets"
    directory.mkdir()
    (directory / local_superset.SECRET_KEY_FILE).write_text(SECRET_KEY + "\n")
    (directory / local_superset.ADMIN_PASSWORD_FILE).write_text(PASSWORD + "\n")
    return directory


def test_with_secret_files_the_home_takes_their_key_and_password_and_generates_none(tmp_path, secrets_dir, monkeypatch):
    calls = []
    monkeypatch.setattr(local_superset.subprocess, "run",
                        lambda args, **kwargs: calls.append((args, kwargs)) or subprocess.CompletedProcess(args, 0))
    home = tmp_path / "home"

    assert local_superset.init_home(home, secrets_dir) == PASSWORD
    assert (home / "secret_key").read_text().strip() == SECRET_KEY
    assert (home / "secret_key").stat().st_mode & 0o777 == 0o600
    assert not (home / "admin-password").exists()
    # The password still travels through stdin only.
    assert [kwargs.get("input") for _, kwargs in calls].count(PASSWORD) == 1
    assert not any(PASSWORD in str(arg) for args, _ in calls for arg in args)


@pytest.mark.parametrize("broken", ["missing", "empty"])
def test_a_missing_or_empty_secret_file_stops_the_home_before_superset_runs(tmp_path, secrets_dir, monkeypatch, broken):
    monkeypatch.setattr(local_superset.subprocess, "run", lambda *a, **k: pytest.fail("superset ran"))
    target = secrets_dir / local_superset.ADMIN_PASSWORD_FILE
    target.unlink() if broken == "missing" else target.write_text("\n")
    with pytest.raises(RuntimeError, match=local_superset.ADMIN_PASSWORD_FILE):
        local_superset.init_home(tmp_path / "home", secrets_dir)


def entry_env(tmp_path: Path, secrets_dir: Path, port: int) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "SPARKFLOW_SUPERSET_PYTHON": sys.executable,
        "SPARKFLOW_SUPERSET_DIR": str(local_superset.HERE),
        "SPARKFLOW_SECRETS_DIR": str(secrets_dir),
        "SUPERSET_HOME": str(tmp_path / "home"),
        "SPARKFLOW_SUPERSET_HOST": "127.0.0.1",  # the container's 0.0.0.0, kept local here
        "SPARKFLOW_SUPERSET_PORT": str(port),
        "AWS_REGION": "eu-central-1",
        "SPARKFLOW_ATHENA_WORK_GROUP": "sparkflow-test",
    }


@pytest.mark.parametrize("unset", ["AWS_REGION", "SPARKFLOW_ATHENA_WORK_GROUP"])
def test_the_entry_point_needs_the_region_and_the_workgroup(tmp_path, secrets_dir, unset):
    env = {k: v for k, v in entry_env(tmp_path, secrets_dir, local_superset.free_port()).items() if k != unset}
    result = subprocess.run([str(ENTRY)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0 and unset in result.stderr
    assert not (tmp_path / "home" / "superset.db").exists()


def test_the_entry_point_refuses_to_start_without_its_secrets(tmp_path, secrets_dir):
    (secrets_dir / local_superset.SECRET_KEY_FILE).unlink()
    result = subprocess.run([str(ENTRY)], env=entry_env(tmp_path, secrets_dir, local_superset.free_port()),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0 and local_superset.SECRET_KEY_FILE in result.stderr


def test_the_entry_point_serves_the_athena_dashboards_with_the_secret_login_until_terminated(tmp_path, secrets_dir):
    port = local_superset.free_port()
    url = f"http://127.0.0.1:{port}"
    out = tmp_path / "entry.out"
    with open(out, "w", encoding="utf-8") as sink:
        entry = subprocess.Popen([str(ENTRY)], env=entry_env(tmp_path, secrets_dir, port), stdout=sink,
                                 stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while "Superset is up" not in out.read_text() and time.monotonic() < deadline:
            assert entry.poll() is None, out.read_text()
            time.sleep(1)
        assert "Superset is up" in out.read_text(), out.read_text()
        assert PASSWORD not in out.read_text()

        session = local_superset.api_session(url, PASSWORD)
        databases = session.get(f"{url}/api/v1/database/?q=(columns:!(database_name,backend))", timeout=30).json()
        assert [(d["database_name"], d["backend"]) for d in databases["result"]] == [("SparkFlow marts", "awsathena")]
        dashboard = session.get(f"{url}/api/v1/dashboard/household-finance", timeout=30)
        assert dashboard.status_code == 200, dashboard.text[:500]
        assert (tmp_path / "home" / "bundle-athena.zip").is_file()
        assert entry.poll() is None, "the entry point must stay in the foreground"

        entry.send_signal(signal.SIGTERM)
        assert entry.wait(60) == 0
    finally:
        if entry.poll() is None:
            os.killpg(entry.pid, signal.SIGKILL)
            entry.wait()
    # The server went with it: nothing listens on the port any more.
    local_superset.ensure_port_free(port)
