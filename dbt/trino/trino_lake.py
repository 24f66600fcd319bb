"""Athena's engine on this machine: a local Trino over the lake's files, for the dbt models' athena SQL.

Athena (engine v3) is Trino reading Glue tables. Here a Trino server with a Hive catalog on a file metastore
reads the same Parquet files from the local disk, with tables created from the same Glue definitions
(infra/terraform/modules/catalog/tables.json, generated from the jobs' schemas), so the models' Trino/Athena
SQL runs on the engine before it runs in anyone's account.

    python dbt/trino/trino_lake.py up --server DIR --home DIR [--port P]   # start it, wait until it answers
    python dbt/trino/trino_lake.py catalog --lake DIR [--port P]          # the lake's tables, checked
    python dbt/trino/trino_lake.py compare --duckdb FILE [--port P]       # every mart on both engines
    python dbt/trino/trino_lake.py down --server DIR --home DIR

Runs in the dbt venv (the `trino` client comes with dbt-trino) and needs Java 24 or later for the server
(TRINO_JAVA_HOME, else the newest /usr/lib/jvm/temurin-2x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import logging
import os
import re
import shutil
import string
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ETC_TEMPLATES = HERE / "etc"
TABLES_JSON = REPO / "infra" / "terraform" / "modules" / "catalog" / "tables.json"
SOURCES_YML = REPO / "dbt" / "models" / "staging" / "_lake__sources.yml"
MARTS_DIR = REPO / "dbt" / "models" / "marts"
CATALOG = "hive"
LAKE_SCHEMA = os.environ.get("SPARKFLOW_GLUE_DATABASE", "sparkflow")
MARTS_SCHEMA = "sparkflow_marts"
FORMATS = {"parquet": "PARQUET", "json": "OPENX_JSON"}
DEFAULT_PORT = 18080
MIN_JAVA = 24


# The client announces at INFO that it has no keyring for OAuth tokens; nothing here uses OAuth.
logging.getLogger("trino").setLevel(logging.WARNING)


class TrinoLakeError(Exception):
    """Something about the server, the catalog or the comparison that the caller must see."""


# --- the server ---------------------------------------------------------------------------------------------------


def java_home() -> Path:
    """A JDK new enough for Trino: TRINO_JAVA_HOME, else the newest Temurin 2x under /usr/lib/jvm."""
    if os.environ.get("TRINO_JAVA_HOME"):
        return Path(os.environ["TRINO_JAVA_HOME"])
    found = sorted(Path("/usr/lib/jvm").glob("temurin-*-jdk*"),
                   key=lambda p: int(re.search(r"temurin-(\d+)", p.name).group(1)))
    found = [p for p in found if int(re.search(r"temurin-(\d+)", p.name).group(1)) >= MIN_JAVA]
    if not found:
        raise TrinoLakeError(f"Trino needs Java {MIN_JAVA}+: set TRINO_JAVA_HOME (none under /usr/lib/jvm)")
    return found[-1]


def write_etc(home: Path, port: int, heap: str) -> Path:
    """The server's etc/ from the templates, with this run's port and directories."""
    values = {"port": str(port), "heap": heap, "data_dir": str(home / "data"),
              "metastore_dir": str(home / "metastore")}
    etc = home / "etc"
    for template in ETC_TEMPLATES.rglob("*.properties"):
        target = etc / template.relative_to(ETC_TEMPLATES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(string.Template(template.read_text()).substitute(values))
    (etc / "jvm.config").write_text(string.Template((ETC_TEMPLATES / "jvm.config").read_text()).substitute(values))
    (home / "metastore").mkdir(parents=True, exist_ok=True)
    return etc


def launcher(server: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "JAVA_HOME": str(java_home())}
    env["PATH"] = f"{env['JAVA_HOME']}/bin:{env['PATH']}"
    return subprocess.run([str(server / "bin" / "launcher"), *args, f"--etc-dir={home / 'etc'}",
                           f"--data-dir={home / 'data'}"], env=env, capture_output=True, text=True, check=False)


def connect(port: int):
    import trino  # the dbt venv's, from dbt-trino

    return trino.dbapi.connect(host="127.0.0.1", port=port, user="sparkflow", catalog=CATALOG)


def query(port: int, sql: str, patience_s: float = 30) -> list[tuple]:
    """The rows of one statement. Right after start the scheduler may not have seen its own node yet
    (NO_NODES_AVAILABLE for a few seconds): that, and only that, is retried."""
    deadline = time.monotonic() + patience_s
    while True:
        cursor = connect(port).cursor()
        try:
            cursor.execute(sql)
            return cursor.fetchall()
        except Exception as error:
            if "NO_NODES_AVAILABLE" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(1)


def up(server: Path, home: Path, port: int, heap: str, timeout_s: int = 180) -> None:
    """Starts a fresh server (empty metastore) and returns once it runs queries."""
    down(server, home)
    shutil.rmtree(home, ignore_errors=True)
    write_etc(home, port, heap)
    started = time.monotonic()
    result = launcher(server, home, "start")
    if result.returncode != 0:
        raise TrinoLakeError(f"launcher start failed:\n{result.stdout}{result.stderr}")
    last = ""
    while time.monotonic() - started < timeout_s:
        try:
            # Scans need a worker the coordinator has discovered (its own node, a few seconds after start).
            if query(port, "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'") == [[1]]:
                print(f"[trino] up on 127.0.0.1:{port} in {time.monotonic() - started:.1f} s (Java {java_home().name})")
                return
        except Exception as error:  # starting up: connection refused, SERVER_STARTING_UP
            last = str(error)
        time.sleep(1)
    log = home / "data" / "var" / "log" / "server.log"
    tail = log.read_text()[-3000:] if log.exists() else "(no server.log)"
    raise TrinoLakeError(f"Trino did not answer within {timeout_s} s ({last}):\n{tail}")


def down(server: Path, home: Path) -> None:
    if (home / "etc").exists():
        launcher(server, home, "stop")


# --- the catalog --------------------------------------------------------------------------------------------------


def trino_type(glue: str) -> str:
    """A Glue (Hive) column type as Trino writes it: string -> varchar, map<k,v> -> map(k, v), struct -> row."""
    glue = glue.strip()
    simple = {"string": "varchar", "int": "integer"}
    if glue in simple:
        return simple[glue]
    nested = re.fullmatch(r"(array|map|struct)<(.*)>", glue)
    if not nested:
        return glue
    kind, inner = nested.groups()
    parts, depth, current = [], 0, ""
    for char in inner:
        depth += {"<": 1, ">": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    if kind == "array":
        return f"array({trino_type(parts[0])})"
    if kind == "map":
        return f"map({trino_type(parts[0])}, {trino_type(parts[1])})"
    fields = [part.split(":", 1) for part in parts]
    return "row(" + ", ".join(f"{name.strip()} {trino_type(kind_)}" for name, kind_ in fields) + ")"


def table_ddl(name: str, table: dict, lake: Path) -> str:
    """CREATE TABLE for one Glue table, over the lake's folder where Athena reads the bucket's prefix."""
    columns = [*table["columns"], *table["partition_keys"]]
    properties = [f"external_location = 'local://{lake / table['location']}'",
                  f"format = '{FORMATS[table['format']]}'"]
    if table["partition_keys"]:
        keys = ", ".join(f"'{key['name']}'" for key in table["partition_keys"])
        properties.append(f"partitioned_by = ARRAY[{keys}]")
    body = ",\n  ".join(f"{column['name']} {trino_type(column['type'])}" for column in columns)
    return f"CREATE TABLE {CATALOG}.{LAKE_SCHEMA}.{name} (\n  {body}\n) WITH ({', '.join(properties)})"


def dbt_source_types() -> dict[str, dict[str, str]]:
    """table -> column -> data_type as the dbt sources declare them (what the staging models cast to)."""
    import yaml

    tables = yaml.safe_load(SOURCES_YML.read_text())["sources"][0]["tables"]
    return {t["name"]: {c["name"]: c["data_type"] for c in t.get("columns", [])} for t in tables}


def create_catalog(lake: Path, port: int) -> None:
    """Every Glue table over the lake, its partitions registered, then read in full and checked.

    The check is what the Glue definitions promise Athena: each column Trino sees has the type the catalog and
    the dbt sources declare, and every column of every file reads with that type (checksum() reads each one).
    """
    tables = json.loads(TABLES_JSON.read_text())["tables"]
    declared = dbt_source_types()
    query(port, f"CREATE SCHEMA IF NOT EXISTS {CATALOG}.{LAKE_SCHEMA}")
    problems = []
    for name, table in tables.items():
        query(port, f"DROP TABLE IF EXISTS {CATALOG}.{LAKE_SCHEMA}.{name}")
        query(port, table_ddl(name, table, lake))
        if table["partition_keys"]:
            query(port, f"CALL {CATALOG}.system.sync_partition_metadata('{LAKE_SCHEMA}', '{name}', 'FULL')")
        seen = {row[0]: row[1] for row in query(port, f"DESCRIBE {CATALOG}.{LAKE_SCHEMA}.{name}")}
        for column in [*table["columns"], *table["partition_keys"]]:
            if seen.get(column["name"]) != trino_type(column["type"]):
                problems.append(f"{name}.{column['name']}: Trino sees {seen.get(column['name'])}, "
                                f"Glue declares {column['type']}")
        for column, data_type in declared.get(name, {}).items():
            if seen.get(column) != trino_type(data_type):
                problems.append(f"{name}.{column}: Trino sees {seen.get(column)}, the dbt source says {data_type}")
        checksums = ", ".join(f"checksum({column})" for column in seen)
        try:
            rows = query(port, f"SELECT count(*), {checksums} FROM {CATALOG}.{LAKE_SCHEMA}.{name}")[0][0]
        except Exception as error:
            problems.append(f"{name}: its files do not read with the declared types: {error}")
            continue
        print(f"[trino] {LAKE_SCHEMA}.{name}: {len(seen)} columns, {rows} rows, every column read")
    if problems:
        raise TrinoLakeError("the catalog and the files disagree:\n  " + "\n  ".join(problems))


# --- the marts on both engines ------------------------------------------------------------------------------------


def mart_names() -> list[str]:
    return sorted(path.stem for path in MARTS_DIR.glob("*.sql"))


def canonical(value):
    """One value as both engines' rows are compared: numbers to 6 decimals, dates and times as ISO text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return round(float(value), 6) + 0.0
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return tuple(canonical(v) for v in value)
    return str(value)


def compare_marts(duckdb_file: Path, port: int) -> int:
    """Every mart's rows on DuckDB and on Trino, as multisets; prints one line per mart, returns the differences."""
    import duckdb

    local = duckdb.connect(str(duckdb_file), read_only=True)
    total_rows = total_differences = 0
    for mart in mart_names():
        columns = [row[0] for row in local.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position", [MARTS_SCHEMA, mart]).fetchall()]
        select = ", ".join(f'"{column}"' for column in columns)
        on_duckdb = Counter(tuple(canonical(v) for v in row) for row in
                            local.execute(f"select {select} from {MARTS_SCHEMA}.{mart}").fetchall())
        on_trino = Counter(tuple(canonical(v) for v in row) for row in
                           query(port, f"SELECT {select} FROM {CATALOG}.{MARTS_SCHEMA}.{mart}"))
        only_duckdb, only_trino = on_duckdb - on_trino, on_trino - on_duckdb
        differences = sum(only_duckdb.values()) + sum(only_trino.values())
        total_rows += sum(on_duckdb.values())
        total_differences += differences
        print(f"[compare] {mart}: duckdb_rows={sum(on_duckdb.values())} trino_rows={sum(on_trino.values())} "
              f"differences={differences}")
        for row in list(only_duckdb)[:3]:
            print(f"    only on DuckDB: {dict(zip(columns, row))}")
        for row in list(only_trino)[:3]:
            print(f"    only on Trino:  {dict(zip(columns, row))}")
    print(f"trino_marts: marts={len(mart_names())} rows={total_rows} differences={total_differences}")
    return total_differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "down", "catalog", "compare"])
    parser.add_argument("--server", type=Path, help="the unpacked trino-server-<version> directory")
    parser.add_argument("--home", type=Path, help="the server's etc/, data/ and metastore/ (recreated by up)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--heap", default="2G")
    parser.add_argument("--lake", type=Path, help="the lake root whose tables the catalog gets")
    parser.add_argument("--duckdb", type=Path, help="the DuckDB marts file to compare with")
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            up(args.server, args.home.resolve(), args.port, args.heap)
        elif args.command == "down":
            down(args.server, args.home.resolve())
        elif args.command == "catalog":
            create_catalog(args.lake.resolve(), args.port)
        elif compare_marts(args.duckdb, args.port):
            return 1
    except TrinoLakeError as error:
        print(f"trino_lake: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
