"""Airflow's metadata backup, restored without trusting it: airflow/postgres/ against a real PostgreSQL server.

The server is set up as the postgres image does it (trust on the local socket, scram-sha-256 over TCP) and then by
our initdb script; the Airflow role migrates a real Airflow schema. A crafted backup is the attack: restored the way
the instance used to (as the superuser) it runs a program on the database server; through sparkflow-metadata it is
refused and Airflow starts from an empty database.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO_ROOT

POSTGRES_DIR = REPO_ROOT / "airflow" / "postgres"
METADATA = POSTGRES_DIR / "sparkflow-metadata"
INITDB_SCRIPT = POSTGRES_DIR / "initdb" / "10-sparkflow-roles.sh"
ADMIN, APP, DB = "postgres", "airflow", "airflow"
PASSWORD = "a-test-password-of-some-length"
REJECTED = 3


def postgres_bin() -> Path:
    """The server's programs: SPARKFLOW_PG_BIN, else Debian's newest /usr/lib/postgresql/<major>/bin."""
    if "SPARKFLOW_PG_BIN" in os.environ:
        return Path(os.environ["SPARKFLOW_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        pytest.fail("no PostgreSQL server found: run `make postgres-server` (Debian's postgresql package)")
    return found[-1].parent


@dataclass
class Server:
    """A running cluster: where its socket is, its port, and the environment that reaches it over the socket."""

    data: Path
    socket_dir: Path
    port: int
    scratch: Path

    @property
    def env(self) -> dict[str, str]:
        return {"PATH": os.environ["PATH"], "PGHOST": str(self.socket_dir), "PGPORT": str(self.port), "LANG": "C.UTF-8"}

    def sql(self, statement: str, user: str = ADMIN, db: str = DB) -> str:
        result = subprocess.run(["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", db],
                                input=statement, env=self.env, capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def tcp(self, statement: str, user: str, password: str = PASSWORD) -> subprocess.CompletedProcess:
        """One statement over TCP with a password, as another container would connect."""
        return subprocess.run(["psql", "-X", "-tA", "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", DB,
                               "-c", statement], env={**self.env, "PGPASSWORD": password, "PGHOST": "127.0.0.1"},
                              capture_output=True, text=True, check=False)

    def metadata(self, command: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
        """sparkflow-metadata as the instance runs it in the container: root (or this user), the local socket."""
        return subprocess.run(["bash", str(METADATA), command], input=stdin, env=self.env, capture_output=True,
                              check=False)

    def tables(self) -> list[str]:
        return self.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").splitlines()


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the postgres OS user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Server:
    pg = postgres_bin()
    # Not under pytest's own temp root: that is private to this user, and the server runs as another.
    base = Path(tempfile.mkdtemp(prefix="sparkflow-postgres-"))
    base.chmod(0o777)
    data, socket_dir, scratch = base / "data", base / "socket", base / "scratch"
    for directory in (socket_dir, scratch):
        directory.mkdir()
        directory.chmod(0o777)
    password_file = base / "postgres_password"
    password_file.write_text(PASSWORD)
    password_file.chmod(0o644)
    subprocess.run(as_server_user([str(pg / "initdb"), "-D", str(data), "-U", ADMIN, "--auth-local=trust",
                                   "--auth-host=scram-sha-256", f"--pwfile={password_file}"]),
                   check=True, capture_output=True)
    # What the postgres image's entrypoint appends before it runs the initdb scripts.
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write("host all all all scram-sha-256\n")
    port = free_port()
    log = base / "server.log"
    subprocess.run(as_server_user([str(pg / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "start", "-o",
                                   f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1"]), check=True,
                   capture_output=True)
    server = Server(data, socket_dir, port, scratch)
    try:
        init_env = {**server.env, "POSTGRES_USER": ADMIN, "PGDATA": str(data), "SPARKFLOW_DB_USER": APP,
                    "SPARKFLOW_DB_NAME": DB, "SPARKFLOW_DB_PASSWORD_FILE": str(password_file)}
        subprocess.run(as_server_user(["env", *[f"{k}={v}" for k, v in init_env.items()], "bash", str(INITDB_SCRIPT)]),
                       check=True, capture_output=True)
        subprocess.run(as_server_user([str(pg / "pg_ctl"), "-D", str(data), "reload"]), check=True, capture_output=True)
        yield server
    finally:
        subprocess.run(as_server_user([str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       check=False, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def airflow_cli() -> Path:
    default = REPO_ROOT / ".venv" / "airflow" / "bin" / "airflow"
    path = Path(os.environ.get("SPARKFLOW_TEST_AIRFLOW", default))
    if not path.is_file():
        pytest.fail(f"Airflow not found at {path}: run `make venv-airflow`")
    return path


def airflow(server: Server, home: Path, *args: str) -> str:
    """The Airflow CLI against the server, connected over TCP as the Airflow role, as the components are."""
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "AIRFLOW_HOME": str(home),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
           "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN":
               f"postgresql+psycopg2://{APP}:{PASSWORD}@127.0.0.1:{server.port}/{DB}"}
    result = subprocess.run([str(airflow_cli()), *args], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"airflow {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def backup_tar(directory: Path, dump: bytes, manifest: str) -> bytes:
    """A backup archive as sparkflow-metadata writes it, from the given parts (to forge one)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "metadata.dump").write_bytes(dump)
    (directory / "manifest.tsv").write_text(manifest)
    with tarfile.open(directory / "backup.tar", "w") as tar:
        for name in ("metadata.dump", "manifest.tsv"):
            tar.add(directory / name, arcname=name)
    return (directory / "backup.tar").read_bytes()


def manifest_for(dump: bytes, tables: dict[str, int], revision: str) -> str:
    lines = ["format\tsparkflow-metadata 1", f"sha256\t{hashlib.sha256(dump).hexdigest()}"]
    lines += [f"table\t{name}\t{rows}" for name, rows in tables.items()]
    return "\n".join([*lines, f"revision\t{revision}"]) + "\n"


def scratch_database(server: Server, name: str, statements: str) -> bytes:
    """A database built by the superuser from `statements`, dumped as the instance dumps Airflow's."""
    server.sql(f'DROP DATABASE IF EXISTS "{name}"; CREATE DATABASE "{name}"', db="postgres")
    server.sql(statements, db=name)
    result = subprocess.run(["pg_dump", "-U", ADMIN, "-d", name, "--format=custom", "--no-owner", "--no-privileges"],
                            env=server.env, capture_output=True, check=True)
    return result.stdout


def test_the_superuser_never_logs_in_over_tcp_and_the_airflow_role_reaches_no_program_or_file(server):
    refused = server.tcp("SELECT 1", ADMIN)
    assert refused.returncode != 0 and "rejects connection" in refused.stderr, refused.stderr
    assert server.tcp("SELECT current_user", APP).stdout.strip() == APP
    attributes = server.sql(f"SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = '{APP}'")
    assert attributes == "f|f|f"
    for attempt in ("COPY (SELECT 1) TO PROGRAM 'true'", "SELECT pg_read_file('/etc/hostname')",
                    "SELECT lo_import('/etc/hostname')"):
        denied = server.tcp(attempt, APP)
        assert denied.returncode != 0, attempt
        assert re.search(r"permission denied|must be superuser|privileges of the pg_", denied.stderr), denied.stderr


def test_airflows_own_schema_and_rows_come_back_and_migrate_again(server, tmp_path, capsys):
    home = tmp_path / "airflow-home"
    (home / "dags").mkdir(parents=True)
    assert server.metadata("reset").returncode == 0
    airflow(server, home, "db", "migrate")
    airflow(server, home, "variables", "set", "sparkflow_probe", "kept across the restore")
    airflow(server, home, "pools", "set", "sparkflow_probe_pool", "3", "restore probe")

    backup = server.metadata("backup")
    assert backup.returncode == 0, backup.stderr.decode()
    assert server.metadata("reset").returncode == 0 and server.tables() == []
    restored = server.metadata("restore", backup.stdout)
    assert restored.returncode == 0, restored.stderr.decode()

    tables = server.tables()
    assert {"alembic_version", "dag_run", "task_instance", "variable", "slot_pool"} <= set(tables)
    # The boot migrates the restored schema with the bundle's Airflow before anything else starts.
    airflow(server, home, "db", "migrate")
    assert "kept across the restore" in airflow(server, home, "variables", "get", "sparkflow_probe")
    assert "sparkflow_probe_pool" in airflow(server, home, "pools", "list")
    with capsys.disabled():
        print(f"\nmetadata_restore: airflow_schema tables={len(tables)} restored_as={APP} superuser=no "
              f"{restored.stderr.decode().strip().splitlines()[-1].removeprefix('sparkflow-metadata: ')}")


def test_a_crafted_copy_statement_runs_a_program_as_the_superuser_but_not_through_the_restore(server, capsys):
    """The copy statement of a table's data is SQL in the dump's table of contents; same length, so offsets hold."""
    marker = server.scratch / "program-ran"
    # Long column names (at most 63 characters each) leave room for the program in the same number of bytes.
    columns = ", ".join(f"{letter}_column_with_a_long_name_leaving_room_for_a_program" for letter in "abc")
    honest = scratch_database(server, "forged_source", f"""
        CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
        INSERT INTO alembic_version VALUES ('d2f4e1b3c5a7');
        CREATE TABLE log ({columns.replace(",", " text,")} text);
        INSERT INTO log VALUES ('x', 'y', 'z');""")
    statement = f"COPY public.log ({columns}) FROM stdin;\n".encode()
    attack = f"COPY public.log FROM PROGRAM 'touch {marker}';".encode()
    assert honest.count(statement) == 1 and len(attack) < len(statement)
    crafted = honest.replace(statement, attack.ljust(len(statement) - 1) + b"\n")
    archive = backup_tar(server.scratch / "crafted", crafted,
                         manifest_for(crafted, {"alembic_version": 1, "log": 1}, "d2f4e1b3c5a7"))

    # Before: the instance restored the dump as the database's superuser.
    server.sql('DROP DATABASE IF EXISTS "old_way"; CREATE DATABASE "old_way"', db="postgres")
    subprocess.run(["pg_restore", "--username", ADMIN, "--dbname", "old_way", "--clean", "--if-exists", "--no-owner",
                    "--single-transaction", "--exit-on-error", str(server.scratch / "crafted" / "metadata.dump")],
                   env=server.env, capture_output=True, check=False)
    before = "program_ran" if marker.exists() else "no_program"
    marker.unlink(missing_ok=True)

    rejected = server.metadata("restore", archive)
    after = "program_ran" if marker.exists() else "no_program"
    assert before == "program_ran", "the forged dump no longer shows the attack: the test proves nothing"
    assert after == "no_program"
    assert rejected.returncode == REJECTED, rejected.stderr.decode()
    assert "pg_execute_server_program" in rejected.stderr.decode()
    assert server.tables() == [], "a rejected backup leaves an empty database to start from"
    with capsys.disabled():
        print(f"\nmetadata_restore: crafted_copy_from_program before={before} after={after} "
              f"exit={rejected.returncode} tables_left={len(server.tables())}")


def test_objects_airflow_never_has_are_refused_before_any_of_the_dump_runs(server):
    """A materialized view is refreshed at restore: its query calls a function that runs a program."""
    marker = server.scratch / "refresh-ran"
    dump = scratch_database(server, "view_source", f"""
        CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
        INSERT INTO alembic_version VALUES ('d2f4e1b3c5a7');
        CREATE TABLE target (line text);
        CREATE TABLE program (command text);
        INSERT INTO program VALUES ('true');
        CREATE FUNCTION run_it() RETURNS int LANGUAGE plpgsql AS $$
          BEGIN EXECUTE format('COPY target FROM PROGRAM %L', (SELECT command FROM program)); RETURN 1; END $$;
        CREATE MATERIALIZED VIEW innocent AS SELECT run_it() AS x;
        UPDATE program SET command = 'touch {marker}';""")
    archive = backup_tar(server.scratch / "view", dump, manifest_for(
        dump, {"alembic_version": 1, "target": 0, "program": 1}, "d2f4e1b3c5a7"))

    rejected = server.metadata("restore", archive)

    assert rejected.returncode == REJECTED, rejected.stderr.decode()
    message = rejected.stderr.decode()
    assert "FUNCTION public run_it()" in message and "MATERIALIZED VIEW" in message, message
    assert not marker.exists()
    assert server.tables() == []


@pytest.fixture(scope="module")
def small_backup(server) -> bytes:
    server.metadata("reset")
    server.sql("""CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
                  INSERT INTO alembic_version VALUES ('d2f4e1b3c5a7');
                  CREATE TABLE dag_run (id serial PRIMARY KEY, note text);
                  INSERT INTO dag_run (note) VALUES ('two
                  lines'), (E'a\\ttab'), (NULL);""", user=APP)
    backup = server.metadata("backup")
    assert backup.returncode == 0, backup.stderr.decode()
    return backup.stdout


def parts(archive: bytes, directory: Path) -> tuple[bytes, str]:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "in.tar").write_bytes(archive)
    with tarfile.open(directory / "in.tar") as tar:
        return (tar.extractfile("metadata.dump").read(), tar.extractfile("manifest.tsv").read().decode())


def test_the_manifest_counts_the_rows_of_the_dump_itself(server, small_backup, tmp_path):
    _, manifest = parts(small_backup, tmp_path)
    assert "table\talembic_version\t1\n" in manifest and "table\tdag_run\t3\n" in manifest
    assert manifest.rstrip().endswith("revision\td2f4e1b3c5a7")
    assert server.metadata("restore", small_backup).returncode == 0
    assert server.sql("SELECT count(*) FROM dag_run", user=APP) == "3"


@pytest.mark.parametrize("damage, reason", [
    ("truncated", "sha256 is not the manifest's"),
    ("rows_missing", "table dag_run holds 3 rows, the backup 4"),
    ("other_revision", "schema revision 'd2f4e1b3c5a7' is not the backup's 'ffffffffffff'"),
    ("table_missing", "the restored tables differ"),
    ("not_a_tar", "not a backup archive"),
    ("not_a_dump", "not a pg_dump archive"),
])
def test_a_damaged_backup_is_rejected_with_its_reason_and_leaves_an_empty_database(
        server, small_backup, tmp_path, damage, reason):
    dump, manifest = parts(small_backup, tmp_path / "in")
    if damage == "truncated":
        archive = backup_tar(tmp_path / "out", dump[: len(dump) // 2], manifest)
    elif damage == "rows_missing":
        archive = backup_tar(tmp_path / "out", dump, manifest.replace("table\tdag_run\t3", "table\tdag_run\t4"))
    elif damage == "other_revision":
        archive = backup_tar(tmp_path / "out", dump, manifest.replace("d2f4e1b3c5a7", "ffffffffffff"))
    elif damage == "table_missing":
        archive = backup_tar(tmp_path / "out", dump, manifest + "table\ttask_instance\t0\n")
    elif damage == "not_a_tar":
        archive = b"PGDMP but not in an archive"
    else:
        junk = b"not a dump at all"
        archive = backup_tar(tmp_path / "out", junk, manifest_for(junk, {}, ""))

    rejected = server.metadata("restore", archive)

    assert rejected.returncode == REJECTED, rejected.stderr.decode()
    assert reason in rejected.stderr.decode(), rejected.stderr.decode()
    assert server.tables() == []


def test_the_restore_refuses_to_run_as_a_role_that_could_reach_programs(server, small_backup):
    server.sql(f'GRANT pg_execute_server_program TO "{APP}"', db="postgres")
    try:
        refused = server.metadata("restore", small_backup)
    finally:
        server.sql(f'REVOKE pg_execute_server_program FROM "{APP}"', db="postgres")
    assert refused.returncode not in (0, REJECTED)
    assert f"refusing to restore as '{APP}'" in refused.stderr.decode()

