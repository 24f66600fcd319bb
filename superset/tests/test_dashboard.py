"""A real Superset on the marts: import through the REST API, every chart's data, SQL Lab's limits, and the
dashboard rendered by headless Chromium into a screenshot."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from playwright.sync_api import Page, Response, sync_playwright

import local_superset
from conftest import CHARTS, DASHBOARD_SLUG, TARGET, Superset

SCREENSHOT = Path(os.environ.get("SUPERSET_SCREENSHOT", f"build/superset/dashboard-{TARGET}.png"))
# Every chart's rows as this run's engine returned them; the Trino run compares its own with the DuckDB run's.
CHART_DATA = Path(os.environ.get("SUPERSET_CHART_DATA", f"build/superset/chart-data-{TARGET}.json"))
DUCKDB_CHART_DATA = Path(os.environ.get("SUPERSET_DUCKDB_CHART_DATA", "build/superset/chart-data-duckdb.json"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# A quiet, sandbox-free headless Chromium (root in a container has no user namespace for the sandbox; Playwright
# adds --headless and a fresh profile).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 2400}  # tall enough that every chart is in view and renders
# A bound, not a speed target: on a loaded two-core machine the first page load (Superset's JS bundle from one
# gunicorn worker) has taken over two minutes.
RENDER_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def api(superset: Superset) -> requests.Session:
    return local_superset.api_session(superset.url, superset.password)


@pytest.fixture(scope="module")
def dashboard_charts(superset: Superset, api: requests.Session, bundle: Path) -> dict[str, int]:
    """Import the bundle through POST /api/v1/assets/import/; the dashboard's chart ids by chart name."""
    local_superset.import_bundle(api, superset.url, bundle)
    response = api.get(f"{superset.url}/api/v1/dashboard/{DASHBOARD_SLUG}/charts", timeout=30)
    response.raise_for_status()
    return {chart["slice_name"]: chart["id"] for chart in response.json()["result"]}


def test_the_import_creates_the_dashboard_with_every_chart(dashboard_charts: dict[str, int]):
    assert sorted(dashboard_charts) == sorted(chart["slice_name"] for chart in CHARTS)


@pytest.mark.parametrize("name", sorted(chart["slice_name"] for chart in CHARTS))
def test_the_chart_returns_rows(superset: Superset, api: requests.Session,
                                dashboard_charts: dict[str, int], name: str):
    """GET /api/v1/chart/<id>/data/ runs the chart's saved query context against the marts."""
    response = api.get(f"{superset.url}/api/v1/chart/{dashboard_charts[name]}/data/", timeout=60)
    assert response.status_code == 200, response.text[:2000]
    queries = response.json()["result"]
    assert queries and all(query["rowcount"] > 0 for query in queries), [q["rowcount"] for q in queries]


def _canonical(value: Any) -> Any:
    """A cell as the engines are compared: numbers to 6 decimals (floats and decimals alike), the rest as is."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 6) + 0.0
    return value


def _chart_rows(superset: Superset, api: requests.Session, chart_id: int) -> list[list[list[Any]]]:
    """A chart's rows, query by query, each row a list of canonical cells, sorted (engines may order ties apart)."""
    response = api.get(f"{superset.url}/api/v1/chart/{chart_id}/data/", timeout=60)
    assert response.status_code == 200, response.text[:2000]
    return [sorted(([[column, _canonical(row[column])] for column in query["colnames"]] for row in query["data"]),
                   key=json.dumps)
            for query in response.json()["result"]]


@pytest.fixture(scope="module")
def chart_data(superset: Superset, api: requests.Session, dashboard_charts: dict[str, int]) -> dict[str, Any]:
    """Every chart's rows on this run's engine, also written to CHART_DATA for the other engine's run."""
    data = {name: _chart_rows(superset, api, chart_id) for name, chart_id in sorted(dashboard_charts.items())}
    CHART_DATA.parent.mkdir(parents=True, exist_ok=True)
    CHART_DATA.write_text(json.dumps(data, indent=1, sort_keys=True))
    return data


def test_every_chart_has_rows_on_this_engine(chart_data: dict[str, Any]):
    assert sorted(chart_data) == sorted(chart["slice_name"] for chart in CHARTS)
    assert all(queries and all(rows for rows in queries) for queries in chart_data.values())


if TARGET == "trino":
    def test_every_chart_shows_the_duckdb_dashboards_numbers(chart_data: dict[str, Any], capsys):
        """The same lake on both engines: each chart's rows on Trino equal the DuckDB run's, cell for cell."""
        assert DUCKDB_CHART_DATA.is_file(), f"{DUCKDB_CHART_DATA} is missing: make test-superset writes it"
        on_duckdb = json.loads(DUCKDB_CHART_DATA.read_text())
        differing = sorted(name for name in chart_data if chart_data[name] != on_duckdb.get(name))
        cells = sum(len(row) for queries in chart_data.values() for rows in queries for row in rows)
        with capsys.disabled():
            print(f"\nsuperset_trino: charts={len(chart_data)} cells={cells} differing_charts={len(differing)}")
        assert differing == [], {name: (chart_data[name], on_duckdb.get(name)) for name in differing[:2]}


def _sql_lab(superset: Superset, api: requests.Session, sql: str) -> requests.Response:
    databases = api.get(f"{superset.url}/api/v1/database/", timeout=30).json()["result"]
    (database_id,) = [db["id"] for db in databases if db["database_name"] == "SparkFlow marts"]
    return api.post(f"{superset.url}/api/v1/sqllab/execute/", timeout=60, json={
        "database_id": database_id, "schema": "sparkflow_marts", "sql": sql, "runAsync": False})


def test_sql_lab_reads_the_marts(superset: Superset, api: requests.Session, dashboard_charts):
    response = _sql_lab(superset, api, "select count(*) as n from sparkflow_marts.fct_transactions")
    assert response.status_code == 200, response.text[:2000]
    assert response.json()["data"][0]["n"] > 0


REFUSALS = [("create table sparkflow_marts.scratch as select 1 as a", "does not allow for DDL/DML")]
if TARGET == "duckdb":  # DuckDB could read the host's files; Trino has no such function
    REFUSALS.append(("select * from read_csv('/etc/hostname')", "disabled by configuration"))


@pytest.mark.parametrize("sql, refusal", REFUSALS)
def test_sql_lab_can_neither_read_host_files_nor_write(superset: Superset, api: requests.Session,
                                                        dashboard_charts, sql: str, refusal: str):
    response = _sql_lab(superset, api, sql)
    assert response.status_code >= 400
    assert refusal in response.text


def _log_in(page: Page, superset: Superset) -> None:
    page.goto(f"{superset.url}/login/")
    page.fill("input#username", local_superset.ADMIN)
    page.fill("input#password", superset.password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)


def _slice_id(response: Response) -> int | None:
    """The chart a dashboard's /api/v1/chart/data request is for (its form_data names the slice)."""
    from urllib.parse import parse_qs, urlparse

    form_data = parse_qs(urlparse(response.url).query).get("form_data")
    return json.loads(form_data[0]).get("slice_id") if form_data else None


def _render_state(page: Page) -> dict[str, Any]:
    return page.evaluate("""() => {
        const holders = [...document.querySelectorAll('.dashboard-component-chart-holder')];
        return {
            holders: holders.length,
            loading: holders.filter(h => h.querySelector('.loading, [data-test="loading-indicator"]')).length,
            drawn: holders.filter(h => h.querySelector('canvas, svg, table')).length,
            errors: holders.filter(h => h.querySelector('.alert-danger, .ant-alert-error, [data-test="error-tooltip"]'))
                           .map(h => h.innerText.slice(0, 300)),
            bottom: Math.max(0, ...holders.map(h => h.getBoundingClientRect().bottom + window.scrollY)),
        };
    }""")


def test_the_dashboard_renders_in_chromium(superset: Superset, dashboard_charts: dict[str, int]):
    """Every chart's data request succeeds with rows and every chart draws; then a screenshot."""
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing (make test-superset installs Debian's chromium)"
    expected = set(dashboard_charts.values())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            _log_in(page, superset)
            responses: list[Response] = []
            page.on("response", lambda r: responses.append(r) if "/api/v1/chart/data" in r.url else None)
            page.goto(f"{superset.url}/superset/dashboard/{DASHBOARD_SLUG}/?standalone=1")

            deadline = time.monotonic() + RENDER_TIMEOUT_S
            while True:
                state = _render_state(page)
                answered = {_slice_id(r) for r in responses}
                if expected <= answered and state["holders"] == len(expected) \
                        and state["loading"] == 0 and state["drawn"] + len(state["errors"]) == len(expected):
                    break
                if time.monotonic() > deadline:
                    page.screenshot(path=str(SCREENSHOT.with_suffix(".timeout.png")), full_page=True)
                    pytest.fail(f"not rendered in {RENDER_TIMEOUT_S}s at {page.url}: {state}, answered {answered}; "
                                f"see {SCREENSHOT.with_suffix('.timeout.png')}")
                page.wait_for_timeout(500)
            page.wait_for_timeout(2_000)  # let the ECharts entry animations finish

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            height = min(int(state["bottom"]) + 24, VIEWPORT["height"])
            page.screenshot(path=str(SCREENSHOT), clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height})
            failed = [f"{_slice_id(r)}: HTTP {r.status} {r.text()[:300]}" for r in responses if r.status != 200]
            empty = [_slice_id(r) for r in responses
                     if r.status == 200 and not all(q["rowcount"] > 0 for q in r.json()["result"])]
        finally:
            browser.close()

    assert state["errors"] == []
    assert failed == [], "chart data requests failed"
    assert empty == [], "charts without rows"
    _assert_not_blank(SCREENSHOT)


def _assert_not_blank(path: Path) -> None:
    """A real picture of a dashboard: big, many colours, and mostly not the background colour."""
    assert path.stat().st_size > 100_000, f"{path}: only {path.stat().st_size} bytes"
    image = Image.open(path).convert("RGB")
    assert image.width >= 1200 and image.height >= 1200, image.size
    colours = image.getcolors(maxcolors=image.width * image.height)
    background_share = max(colours)[0] / (image.width * image.height)
    assert len(colours) > 1_000, f"{path}: only {len(colours)} colours"
    assert background_share < 0.85, f"{path}: {background_share:.0%} background"
