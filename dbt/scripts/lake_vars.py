"""Prints dbt --vars (JSON): the lake's zone prefixes from config/lake.yml, and the home currency and the rates'
look-back from the config/accounts.yml beside it, their one homes."""

import json
import sys
from pathlib import Path

import yaml


def main(lake_yml: str) -> None:
    with open(lake_yml, encoding="utf-8") as f:
        zones = yaml.safe_load(f)["zones"]
    accounts = yaml.safe_load((Path(lake_yml).parent / "accounts.yml").read_text(encoding="utf-8")) or {}
    home = str(accounts.get("home_currency") or "EUR").strip().upper()
    lookback = int(accounts.get("fx_lookback_days", 4))
    print(json.dumps({"lake_zones": zones, "home_currency": home, "fx_lookback_days": lookback}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "config/lake.yml")
