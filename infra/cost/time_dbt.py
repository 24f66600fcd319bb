"""Time `dbt build` (models and tests, DuckDB) over a lake and count what would be an Athena query each.

Usage: time_dbt.py LAKE OUT.json -- DBT_COMMAND...   (run with the dbt venv's python; infra/infra.mk's bench-dbt)
Writes {"seconds", "models", "scanning_models", "tests"}: scanning models are the ones materialized as tables or
incrementally (views are DDL, which Athena does not bill); tests are data and unit tests (each runs a query).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def counts(target: Path) -> dict:
    manifest = json.loads((target / "manifest.json").read_text())["nodes"]
    results = json.loads((target / "run_results.json").read_text())["results"]
    ran = [manifest[r["unique_id"]] for r in results if r["unique_id"] in manifest]
    models = [n for n in ran if n["resource_type"] == "model"]
    return {
        "models": len(models),
        "scanning_models": sum(1 for n in models if n["config"]["materialized"] in ("table", "incremental")),
        "tests": sum(1 for r in results if r["unique_id"].split(".")[0] in ("test", "unit_test")),
    }


def main(argv: list[str]) -> int:
    lake, out, command = Path(argv[0]).resolve(), Path(argv[1]), argv[argv.index("--") + 1:]
    target = Path(command[command.index("--target-path") + 1])
    env = dict(os.environ, SPARKFLOW_LAKE=str(lake), SPARKFLOW_DUCKDB=str(lake / "sparkflow.duckdb"))
    started = time.monotonic()
    run = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.monotonic() - started
    if run.returncode != 0:
        print(run.stdout, file=sys.stderr)
        return run.returncode
    result = {"seconds": round(seconds, 2), **counts(Path("dbt") / target)}
    out.write_text(json.dumps(result) + "\n")
    print(f"dbt build on {lake}: {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
