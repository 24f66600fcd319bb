"""A local Superset for the SparkFlow dashboards: its home, admin login, bundle import and server.

    python superset/local_superset.py up --home build/superset/home --bundle build/superset/bundle-duckdb.zip
        [--host 127.0.0.1] [--port 8088] [--detach] [--secrets-dir DIR]

`up` prepares the home (SQLite metadata, a generated SECRET_KEY), creates the `admin` user with a
generated password (kept in <home>/admin-password, reused on the next run), starts the server on
127.0.0.1, imports the bundle through the REST API (overwriting the database, datasets, charts and
dashboard it already has) and stays in the foreground until Ctrl-C; with --detach it runs in the
background (`stop` ends it). The tests use the same functions to start their own server.

The Superset image (superset/Dockerfile) runs the same `up` with --host 0.0.0.0 (the container's interface; Compose
publishes it on the host's 127.0.0.1 only) and --secrets-dir /run/secrets: the secret key and the admin password are
then read from the Docker secret files superset_secret_key and superset_admin_password, never generated.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

import requests

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "superset_config.py"
BIN = Path(sys.executable).parent  # the superset venv's bin/, where `superset` and `gunicorn` live
ADMIN = "admin"
# The Docker secret files --secrets-dir holds (the instance writes them from SSM, boot.sh).
SECRET_KEY_FILE = "superset_secret_key"
ADMIN_PASSWORD_FILE = "superset_admin_password"


def superset_env(home: Path) -> dict[str, str]:
    """The environment every Superset process of this home runs with."""
    return {
        **os.environ,
        "SUPERSET_HOME": str(home),
        "SUPERSET_CONFIG_PATH": str(CONFIG),
        "FLASK_APP": "superset",
        "PYTHONUNBUFFERED": "1",
    }


def _secret_file(path: Path) -> str:
    """The one-line secret kept in path (a Docker secret file); fails when it is missing or empty."""
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise RuntimeError(f"cannot read the secret file {path}: {error.strerror}") from None
    if not value:
        raise RuntimeError(f"the secret file {path} is empty")
    return value


def _private_file(path: Path, make_value: Callable[[], str]) -> str:
    """The content of path, written once (mode 600) with make_value() if it does not exist yet."""
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(make_value() + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def _superset(home: Path, *args: str) -> None:
    """Run one `superset` CLI command for this home, its output appended to <home>/setup.log."""
    log = home / "setup.log"
    with open(log, "a", encoding="utf-8") as sink:
        result = subprocess.run(
            [str(BIN / "superset"), *args], env=superset_env(home), stdout=sink, stderr=sink, check=False
        )
    if result.returncode != 0:
        raise RuntimeError(f"`superset {' '.join(args)}` failed with exit code {result.returncode}; see {log}")


def init_home(home: Path, secrets_dir: Path | None = None) -> str:
    """Create or upgrade the metadata database and the admin user; returns the admin password.

    Without secrets_dir the secret key and the password are generated once and kept in the home; with it they are
    read from its Docker secret files, and the home keeps the key only (Superset's config reads it there).
    """
    home.mkdir(parents=True, exist_ok=True)
    if secrets_dir is None:
        _private_file(home / "secret_key", lambda: secrets.token_urlsafe(48))
        password = _private_file(home / "admin-password", lambda: secrets.token_urlsafe(18))
    else:
        key = _secret_file(secrets_dir / SECRET_KEY_FILE)
        password = _secret_file(secrets_dir / ADMIN_PASSWORD_FILE)
        (home / "secret_key").touch(mode=0o600)
        (home / "secret_key").write_text(key + "\n", encoding="utf-8")
    _superset(home, "db", "upgrade")
    _superset(home, "init")
    _set_admin(home, password)
    return password


def _set_admin(home: Path, password: str) -> None:
    """Create the admin user, or reset its password, through Flask-AppBuilder's security manager.

    The password goes through stdin: on a command line it would show in `ps`.
    """
    script = (
        "import sys\n"
        "from superset.app import create_app\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    sm = app.appbuilder.sm\n"
        "    password = sys.stdin.read().strip()\n"
        f"    user = sm.find_user(username={ADMIN!r})\n"
        "    if user is None:\n"
        f"        created = sm.add_user({ADMIN!r}, 'SparkFlow', 'Admin', 'admin@localhost',\n"
        "                              sm.find_role(sm.auth_role_admin), password=password)\n"
        "        if not created:\n"
        "            sys.exit('could not create the admin user')\n"
        "    else:\n"
        "        sm.reset_password(user.id, password)\n"
    )
    with open(home / "setup.log", "a", encoding="utf-8") as log:
        result = subprocess.run(
            [sys.executable, "-c", script], input=password, text=True,
            env=superset_env(home), stdout=log, stderr=log, check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"setting the admin user failed; see {home / 'setup.log'}")


def api_session(url: str, password: str) -> requests.Session:
    """A session logged in to Superset's REST API as admin: a JWT bearer plus the CSRF token writes need."""
    session = requests.Session()
    login = session.post(
        f"{url}/api/v1/security/login",
        json={"username": ADMIN, "password": password, "provider": "db", "refresh": False},
        timeout=30,
    )
    login.raise_for_status()
    session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    csrf = session.get(f"{url}/api/v1/security/csrf_token/", timeout=30)
    csrf.raise_for_status()
    session.headers.update({"X-CSRFToken": csrf.json()["result"], "Referer": url})
    return session


def import_bundle(session: requests.Session, url: str, bundle: Path) -> None:
    """Import a bundle through POST /api/v1/assets/import/, which overwrites every object it holds.

    (`superset import-dashboards` would keep an existing database and datasets as they were.)
    """
    with open(bundle, "rb") as archive:
        response = session.post(
            f"{url}/api/v1/assets/import/",
            files={"bundle": (bundle.name, archive, "application/zip")},
            allow_redirects=False,
            timeout=120,
        )
    if response.status_code != 200:
        raise RuntimeError(f"importing {bundle} failed: HTTP {response.status_code} {response.text[:2000]}")


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_port_free(port: int, host: str = "127.0.0.1") -> None:
    """Fail with a clear message if something already listens on host:port."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError:
            raise RuntimeError(
                f"port {port} is in use (a detached Superset? `make dashboards-stop`; or set SUPERSET_PORT)"
            ) from None


def start_server(home: Path, port: int, log: Path, host: str = "127.0.0.1") -> subprocess.Popen:
    """Start gunicorn serving Superset on host:port in its own process group."""
    command = [
        str(BIN / "gunicorn"),
        "--bind", f"{host}:{port}",
        "--workers", "2", "--worker-class", "gthread", "--threads", "8",
        "--timeout", "120", "--graceful-timeout", "5",
        "--access-logfile", "-",
        "superset.app:create_app()",
    ]
    with open(log, "a", encoding="utf-8") as sink:
        return subprocess.Popen(
            command, env=superset_env(home), stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_until_healthy(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    """Return once GET <url>/health answers OK; fail early if the server exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Superset exited with code {server.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise TimeoutError(f"Superset at {url} not healthy after {timeout:.0f}s")


def stop_server(server: subprocess.Popen, grace: float = 15) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after grace seconds."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def up(home: Path, bundle: Path, port: int, detach: bool, host: str = "127.0.0.1",
       secrets_dir: Path | None = None) -> int:
    """Initialise, import, serve on host:port, and print where to log in (reached through 127.0.0.1)."""
    ensure_port_free(port, host)
    print(f"superset: preparing {home} (log: {home / 'setup.log'})", flush=True)
    password = init_home(home, secrets_dir)
    url = f"http://127.0.0.1:{port}"
    log = home / "server.log"
    server = start_server(home, port, log, host)
    try:
        wait_until_healthy(url, server)
        import_bundle(api_session(url, password), url, bundle)
    except BaseException:
        stop_server(server)
        raise
    # The password is printed only where it was generated; a Docker secret stays in its file (and out of logs).
    where = (f"password: {password}   (kept in {home / 'admin-password'})" if secrets_dir is None
             else f"password: in the secret file {ADMIN_PASSWORD_FILE}")
    print(
        f"\nSuperset is up: {url}/superset/dashboard/household-finance/\n"
        f"  login:    {ADMIN}\n  {where}\n"
        f"  server log: {log}",
        flush=True,
    )
    if detach:
        (home / "server.pid").write_text(f"{server.pid}\n", encoding="utf-8")
        print(f"  running in the background (pid {server.pid}); stop it with `make dashboards-stop`")
        return 0
    print("  Ctrl-C stops it.", flush=True)
    # Ctrl-C or a TERM (from a supervisor, or `kill`) ends the wait; the finally stops the server's group.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop_server(server)


def stop(home: Path) -> int:
    """Stop a server started with --detach."""
    pid_file = home / "server.pid"
    if not pid_file.exists():
        print("superset: no detached server recorded")
        return 0
    pid = int(pid_file.read_text(encoding="utf-8"))
    try:
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            os.killpg(pid, 0)  # raises ProcessLookupError once the whole group is gone
            time.sleep(0.5)
        os.killpg(pid, signal.SIGKILL)
        print(f"superset: killed server {pid}")
    except ProcessLookupError:
        print(f"superset: server {pid} stopped")
    pid_file.unlink()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up_parser = commands.add_parser("up", help="initialise, import a bundle and serve")
    up_parser.add_argument("--home", type=Path, required=True)
    up_parser.add_argument("--bundle", type=Path, required=True)
    up_parser.add_argument("--port", type=int, default=8088)
    up_parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (0.0.0.0 in a container)")
    up_parser.add_argument("--detach", action="store_true")
    up_parser.add_argument("--secrets-dir", type=Path,
                           help=f"read the secret key and admin password from {SECRET_KEY_FILE} and "
                                f"{ADMIN_PASSWORD_FILE} here instead of generating them")
    stop_parser = commands.add_parser("stop", help="stop a server started with --detach")
    stop_parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    home = args.home.resolve()
    try:
        if args.command == "stop":
            return stop(home)
        return up(home, args.bundle.resolve(), args.port, args.detach, args.host, args.secrets_dir)
    except (RuntimeError, TimeoutError, requests.RequestException) as error:
        print(f"superset: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
