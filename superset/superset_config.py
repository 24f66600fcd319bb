"""Superset settings for SparkFlow's local dashboards (loaded through SUPERSET_CONFIG_PATH).

Everything Superset writes lives in SUPERSET_HOME (build/superset/home for `make dashboards`):
the SQLite metadata database and the generated SECRET_KEY, which is never committed.
"""

import os
from pathlib import Path

_HOME = Path(os.environ["SUPERSET_HOME"])
_SECRET_FILE = _HOME / "secret_key"
if not _SECRET_FILE.is_file():
    raise RuntimeError(f"{_SECRET_FILE} is missing: prepare the home with `superset/local_superset.py init`")

SECRET_KEY = _SECRET_FILE.read_text(encoding="utf-8").strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}"

APP_NAME = "SparkFlow"
