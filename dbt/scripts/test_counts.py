"""Counts the tests of a dbt build by kind (generic, singular, unit) from its run_results.json and manifest.json."""

import json
import sys
from pathlib import Path


def main(target: Path) -> int:
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    kinds = {"generic": [], "singular": [], "unit": []}
    for result in results:
        uid = result["unique_id"]
        if uid.startswith("unit_test."):
            kinds["unit"].append(result["status"])
        elif uid.startswith("test."):
            kinds["generic" if nodes[uid].get("test_metadata") else "singular"].append(result["status"])
    statuses = [s for found in kinds.values() for s in found]
    passed = sum(s in ("pass", "success", "warn") for s in statuses)
    warned = sum(s == "warn" for s in statuses)
    skipped = sum(s == "skipped" for s in statuses)
    print("dbt tests: " + ", ".join(f"{len(found)} {kind}" for kind, found in kinds.items())
          + (f" ({warned} warned)" if warned else ""))
    print(f"dbt: {passed} passed, {len(statuses) - passed - skipped} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if passed + skipped == len(statuses) else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "dbt/target")))
