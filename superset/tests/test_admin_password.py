"""The admin password never appears on a command line or in an environment, where `ps` and /proc show it."""

from __future__ import annotations

import subprocess

import local_superset


def test_the_admin_password_reaches_superset_through_stdin_only(tmp_path, monkeypatch):
    calls = []

    def run(args, **kwargs):
        calls.append((args, kwargs))
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(local_superset.subprocess, "run", run)
    password = local_superset.init_home(tmp_path)

    assert len(password) >= 20
    assert calls, "init_home ran nothing"
    for args, kwargs in calls:
        assert not any(password in str(arg) for arg in args), args
        assert not any(password in value for value in (kwargs.get("env") or {}).values())
    assert [kwargs.get("input") for _, kwargs in calls].count(password) == 1
