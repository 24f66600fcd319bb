"""Prints dbt --vars (JSON) with the lake's zone prefixes from config/lake.yml, their one home."""

import json
import sys

import yaml


def main(lake_yml: str) -> None:
    with open(lake_yml, encoding="utf-8") as f:
        zones = yaml.safe_load(f)["zones"]
    print(json.dumps({"lake_zones": zones}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "config/lake.yml")
