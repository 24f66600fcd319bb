"""The assets and their bundles, without a server: references, reproducibility, targets, the marts contract."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml
from sqlalchemy.engine import make_url

import build_bundle
from conftest import CHARTS, DASHBOARD_SLUG, DATASETS, load_assets

DUCKDB_ENV = {"SPARKFLOW_DUCKDB": "/srv/lake/sparkflow.duckdb"}
ATHENA_ENV = {"AWS_REGION": "eu-central-1", "SPARKFLOW_ATHENA_WORK_GROUP": "sparkflow"}
TRINO_ENV = {"SPARKFLOW_TRINO_PORT": "18080"}
DATABASE_ENTRY = f"{build_bundle.ROOT_IN_ZIP}/databases/sparkflow_marts.yaml"


def test_every_chart_uses_a_dataset_of_the_assets():
    dataset_uuids = {dataset["uuid"] for dataset in DATASETS}
    assert [chart["slice_name"] for chart in CHARTS if chart["dataset_uuid"] not in dataset_uuids] == []


def test_the_dashboard_shows_every_chart_once():
    (dashboard,) = [d for d in load_assets("dashboards") if d["slug"] == DASHBOARD_SLUG]
    placed = [item["meta"]["uuid"] for item in dashboard["position"].values()
              if isinstance(item, dict) and item["type"] == "CHART"]
    assert sorted(placed) == sorted(chart["uuid"] for chart in CHARTS)


def test_uuids_are_unique_across_the_assets():
    uuids = [asset["uuid"] for kind in ("charts", "datasets", "dashboards") for asset in load_assets(kind)]
    assert len(uuids) == len(set(uuids))


def test_the_bundle_is_byte_for_byte_reproducible():
    first = build_bundle.write_zip(build_bundle.bundle_entries("duckdb", DUCKDB_ENV))
    second = build_bundle.write_zip(build_bundle.bundle_entries("duckdb", DUCKDB_ENV))
    assert first == second


@pytest.mark.parametrize("target, env", [("athena", ATHENA_ENV), ("trino", TRINO_ENV)])
def test_every_bundle_differs_from_duckdbs_only_in_the_database_uri(target, env):
    local = build_bundle.bundle_entries("duckdb", DUCKDB_ENV)
    other = build_bundle.bundle_entries(target, env)
    assert sorted(local) == sorted(other)
    assert [name for name in local if local[name] != other[name]] == [DATABASE_ENTRY]
    local_db, other_db = yaml.safe_load(local[DATABASE_ENTRY]), yaml.safe_load(other[DATABASE_ENTRY])
    assert local_db["uuid"] == other_db["uuid"] == DATASETS[0]["database_uuid"]
    assert {dataset["database_uuid"] for dataset in DATASETS} == {local_db["uuid"]}
    assert {k: v for k, v in local_db.items() if k not in ("sqlalchemy_uri", "extra")} == \
        {k: v for k, v in other_db.items() if k not in ("sqlalchemy_uri", "extra")}


def test_the_trino_uri_names_the_hive_catalog_and_the_marts_schema():
    database = yaml.safe_load(build_bundle.bundle_entries("trino", TRINO_ENV)[DATABASE_ENTRY])
    url = make_url(database["sqlalchemy_uri"])
    assert url.get_dialect().name == "trino"
    assert (url.host, url.port, url.database) == ("127.0.0.1", 18080, "hive/sparkflow_marts")
    assert url.password is None and database["allow_dml"] is False


def test_the_duckdb_database_is_opened_read_only_without_file_access():
    database = yaml.safe_load(build_bundle.bundle_entries("duckdb", DUCKDB_ENV)[DATABASE_ENTRY])
    url = make_url(database["sqlalchemy_uri"])
    assert url.get_dialect().name == "duckdb"
    assert url.database == "/srv/lake/sparkflow.duckdb"
    connect_args = database["extra"]["engine_params"]["connect_args"]
    assert connect_args["read_only"] is True
    assert connect_args["config"]["enable_external_access"] is False
    assert database["allow_dml"] is False


def test_the_athena_uri_names_region_schema_and_workgroup_and_no_credentials():
    database = yaml.safe_load(build_bundle.bundle_entries("athena", ATHENA_ENV)[DATABASE_ENTRY])
    url = make_url(database["sqlalchemy_uri"])
    assert url.get_dialect().name == "awsathena"
    assert (url.host, url.database) == ("athena.eu-central-1.amazonaws.com", "sparkflow_marts")
    assert url.query["work_group"] == "sparkflow"
    assert url.username is None and url.password is None


@pytest.mark.parametrize("target, env, missing", [
    ("duckdb", {}, "SPARKFLOW_DUCKDB"),
    ("athena", {"AWS_REGION": "eu-central-1"}, "SPARKFLOW_ATHENA_WORK_GROUP"),
    ("trino", {}, "SPARKFLOW_TRINO_PORT"),
])
def test_a_missing_setting_is_named(target, env, missing):
    with pytest.raises(build_bundle.BundleError, match=missing):
        build_bundle.bundle_entries(target, env)


def test_a_relative_duckdb_path_is_refused():
    with pytest.raises(build_bundle.BundleError, match="absolute"):
        build_bundle.bundle_entries("duckdb", {"SPARKFLOW_DUCKDB": "lake/sparkflow.duckdb"})


def test_every_chart_in_the_bundle_carries_a_query_context_per_query():
    entries = build_bundle.bundle_entries("duckdb", DUCKDB_ENV)
    charts = [yaml.safe_load(body) for name, body in entries.items() if "/charts/" in name]
    assert len(charts) == len(CHARTS)
    for chart in charts:
        context = json.loads(chart["query_context"])
        expected = 2 if chart["viz_type"] == "mixed_timeseries" else 1
        assert len(context["queries"]) == expected, chart["slice_name"]
        assert context["form_data"] == chart["params"]


def test_the_money_charts_state_the_home_currency_of_config_accounts_yml():
    entries = build_bundle.bundle_entries("duckdb", DUCKDB_ENV)
    charts = {chart["slice_name"]: chart for chart in
              (yaml.safe_load(body) for name, body in entries.items() if "/charts/" in name)}
    home = build_bundle.home_currency()
    assert home == yaml.safe_load(build_bundle.ACCOUNTS_YML.read_text(encoding="utf-8"))["home_currency"]
    symbols = {name: chart["params"]["currency_format"]["symbol"] for name, chart in charts.items()
               if "currency_format" in chart["params"]}
    assert symbols == dict.fromkeys(["Net worth over time", "Net worth", "Spending by category",
                                     "Budget vs actual (latest month)", "Top merchants"], home)
    assert all(home in charts[name]["description"] for name in [*symbols, "Cash flow and savings rate"])
    assert not [name for name, body in entries.items() if build_bundle.HOME_CURRENCY.encode() in body]


def test_datasets_take_their_descriptions_from_the_dbt_models():
    docs = build_bundle.dbt_docs()
    entries = build_bundle.bundle_entries("duckdb", DUCKDB_ENV)
    fct = yaml.safe_load(entries[f"{build_bundle.ROOT_IN_ZIP}/datasets/sparkflow_marts/fct_transactions.yaml"])
    assert fct["description"] == " ".join(docs["fct_transactions"]["description"].split())
    assert all(column["description"] for column in fct["columns"])


def test_every_dataset_matches_the_marts(marts_file: Path):
    """Each physical dataset's table and columns (with their types) exist in the marts; virtual SQL runs."""
    with duckdb.connect(str(marts_file), read_only=True) as connection:
        actual: dict[str, dict[str, str]] = {}
        for table, column, data_type in connection.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'sparkflow_marts'"
        ).fetchall():
            actual.setdefault(table, {})[column] = data_type
        problems = []
        for dataset in DATASETS:
            if dataset["sql"]:
                rows = connection.execute(f"select count(*) from ({dataset['sql']})").fetchone()[0]
                if rows == 0:
                    problems.append(f"{dataset['table_name']}: its SQL returns no rows")
                continue
            table = actual.get(dataset["table_name"])
            if table is None:
                problems.append(f"{dataset['table_name']}: no such mart")
                continue
            for column in dataset["columns"]:
                found = table.get(column["column_name"])
                if found != column["type"]:
                    problems.append(f"{dataset['table_name']}.{column['column_name']}: "
                                    f"{column['type']} in the dataset, {found or 'missing'} in the marts")
    assert problems == []
