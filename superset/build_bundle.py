"""Zip superset/assets and one database definition into a Superset import bundle.

The assets (datasets, charts, the dashboard) are the same for every target; only the database YAML
differs, and it keeps one UUID, so the same charts run on DuckDB (local), Athena (cloud) or Trino (Athena's
engine, locally, for the tests). Two things
are filled in on the way: each chart's query context (derived from its params) and the datasets'
descriptions (from the dbt models' documentation, their one home).

    python superset/build_bundle.py duckdb   # needs SPARKFLOW_DUCKDB (absolute path of the marts file)
    python superset/build_bundle.py athena   # needs AWS_REGION and SPARKFLOW_ATHENA_WORK_GROUP
    python superset/build_bundle.py trino    # needs SPARKFLOW_TRINO_PORT (the local Trino of make test-trino)

writes build/superset/bundle-<target>.zip (or --out). The same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import string
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
DATABASES = HERE / "databases"
DBT_MARTS = HERE.parent / "dbt" / "models" / "marts"  # the marts' documentation lives with their models
TARGETS = ("duckdb", "athena", "trino")
ROOT_IN_ZIP = "sparkflow_dashboards"  # Superset strips the first folder of every entry
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed entry timestamps keep the zip byte-for-byte reproducible
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
ACCOUNTS_YML = HERE.parent / "config" / "accounts.yml"  # home_currency: the currency the marts report in
HOME_CURRENCY = "${home_currency}"  # in a chart's YAML: its currency symbol and description


class BundleError(Exception):
    """A bundle cannot be built from the given templates and environment."""


def render_database(target: str, env: dict[str, str]) -> str:
    """The database YAML for target, with ${VARS} filled from env."""
    template = (DATABASES / f"{target}.yaml.tmpl").read_text(encoding="utf-8")
    missing = sorted({name for name in PLACEHOLDER.findall(template) if not env.get(name)})
    if missing:
        raise BundleError(f"{target}: set {', '.join(missing)} in the environment")
    if target == "duckdb" and not os.path.isabs(env["SPARKFLOW_DUCKDB"]):
        raise BundleError(f"SPARKFLOW_DUCKDB must be an absolute path, got {env['SPARKFLOW_DUCKDB']!r}")
    rendered = string.Template(template).substitute(env)
    yaml.safe_load(rendered)  # fail here, not in Superset, if a value broke the YAML
    return rendered


def query_context(params: dict[str, Any]) -> dict[str, Any]:
    """The query context Superset stores beside a chart's params, so /api/v1/chart/<id>/data/ works.

    The Explore UI writes it when a chart is saved; for charts kept as code it is derived here from the
    params instead of being kept twice. It carries the queries, not the UI's post-processing (pivots),
    so the API returns plain rows. The datasource id is set by Superset on import.
    """
    queries = [_query_object(params, "")]
    if params["viz_type"] == "mixed_timeseries":
        queries.append(_query_object(params, "_b"))
    return {
        "datasource": {"id": 0, "type": "table"},
        "force": False,
        "queries": queries,
        "form_data": params,
        "result_format": "json",
        "result_type": "full",
    }


def _query_object(params: dict[str, Any], suffix: str) -> dict[str, Any]:
    """One query of a chart: its columns, metrics, filters and limits (suffix "_b": a mixed chart's 2nd)."""

    def get(key: str, default: Any = None) -> Any:
        return params.get(key + suffix, default)

    filters, where = [], []
    for adhoc in get("adhoc_filters", []):
        if adhoc["expressionType"] == "SIMPLE":
            filters.append({"col": adhoc["subject"], "op": adhoc["operator"], "val": adhoc.get("comparator")})
        else:
            where.append(f"({adhoc['sqlExpression']})")
    query: dict[str, Any] = {
        "filters": filters,
        "extras": {"having": "", "where": " AND ".join(where)},
        "applied_time_extras": {},
        "row_limit": get("row_limit"),
        "series_limit": 0,
        "order_desc": get("order_desc", True),
        "url_params": {},
        "custom_params": {},
        "custom_form_data": {},
        "annotation_layers": [],
    }
    if params.get("query_mode") == "raw":
        query["columns"] = list(params["all_columns"])
        query["metrics"] = []
        query["orderby"] = [json.loads(order) for order in params.get("order_by_cols", [])]
        return query

    columns: list[Any] = []
    if x_axis := params.get("x_axis"):
        axis = {"columnType": "BASE_AXIS", "expressionType": "SQL", "label": x_axis, "sqlExpression": x_axis}
        if grain := params.get("time_grain_sqla"):
            axis["timeGrain"] = grain
            query["extras"]["time_grain_sqla"] = grain
        columns.append(axis)
    groupby = list(get("groupby", []))
    metrics = list(get("metrics") or [params["metric"]])
    query.update(
        columns=columns + groupby,
        series_columns=groupby,
        metrics=metrics,
        orderby=[[metrics[0], not get("order_desc", True)]],
    )
    return query


def home_currency(accounts_yml: Path = ACCOUNTS_YML) -> str:
    """The household's home currency (config/accounts.yml), in which the marts state every amount."""
    accounts = yaml.safe_load(accounts_yml.read_text(encoding="utf-8")) or {}
    return str(accounts.get("home_currency") or "EUR").strip().upper()


def chart_yaml(text: str) -> str:
    """A chart's YAML with the home currency named and its query context filled in."""
    chart = yaml.safe_load(text.replace(HOME_CURRENCY, home_currency()))
    chart["query_context"] = json.dumps(query_context(chart["params"]), sort_keys=True)
    return yaml.safe_dump(chart, sort_keys=False, allow_unicode=True, width=100)


def dbt_docs(marts_dir: Path = DBT_MARTS) -> dict[str, dict[str, Any]]:
    """Each mart's description and column descriptions, read from the dbt model YAML beside its SQL."""
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted(marts_dir.glob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            docs[model["name"]] = {
                "description": model.get("description"),
                "columns": {column["name"]: column.get("description") for column in model.get("columns", [])},
            }
    return docs


def dataset_yaml(text: str, docs: dict[str, dict[str, Any]]) -> str:
    """A dataset's YAML with the descriptions it leaves empty taken from its mart's dbt documentation."""
    dataset = yaml.safe_load(text)
    mart = docs.get(dataset["table_name"]) if not dataset.get("sql") else None
    if mart is None:
        return text
    if not dataset.get("description") and mart["description"]:
        dataset["description"] = " ".join(mart["description"].split())
    for column in dataset["columns"]:
        described = mart["columns"].get(column["column_name"])
        if not column.get("description") and described:
            column["description"] = " ".join(described.split())
    return yaml.safe_dump(dataset, sort_keys=False, allow_unicode=True, width=100)


def bundle_entries(target: str, env: dict[str, str]) -> dict[str, bytes]:
    """Every file of the bundle, by its path inside the zip."""
    if target not in TARGETS:
        raise BundleError(f"unknown target {target!r}; expected one of {', '.join(TARGETS)}")
    entries = {f"{ROOT_IN_ZIP}/databases/sparkflow_marts.yaml": render_database(target, env).encode()}
    docs = dbt_docs()
    for path in sorted(ASSETS.rglob("*.yaml")):
        relative = path.relative_to(ASSETS).as_posix()
        text = path.read_text(encoding="utf-8")
        if relative.startswith("charts/"):
            text = chart_yaml(text)
        elif relative.startswith("datasets/"):
            text = dataset_yaml(text, docs)
        entries[f"{ROOT_IN_ZIP}/{relative}"] = text.encode()
    return entries


def write_zip(entries: dict[str, bytes]) -> bytes:
    """The zip of entries, sorted, with fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--out", type=Path, help="default: build/superset/bundle-<target>.zip")
    args = parser.parse_args(argv)
    out = args.out or HERE.parent / "build" / "superset" / f"bundle-{args.target}.zip"
    try:
        data = write_zip(bundle_entries(args.target, dict(os.environ)))
    except BundleError as error:
        print(f"build_bundle: {error}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"build_bundle: wrote {out} ({args.target}, {len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
