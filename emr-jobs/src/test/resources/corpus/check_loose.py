"""Checks what `make demo-loose` made of the corpus dropped loose: every format took rows in, every row found its
account in the file itself (none quarantined as UNKNOWN_ACCOUNT, every account of the marts in dim_account), and the
statements' closing balances and positions reached the balances and holdings tables. Prints one line of figures;
exits 1 naming what failed. Run with the dbt venv's Python (it has duckdb)."""
import glob
import json
import sys
from collections import Counter
from pathlib import Path

import duckdb

lake = Path(sys.argv[1])
reports = sorted(glob.glob(str(lake / "reports" / "ingest" / "*.json")))
if not reports:
    sys.exit(f"check_loose: no ingest report under {lake}/reports/ingest")
files = json.loads(Path(reports[-1]).read_text(encoding="utf-8"))["files"]
taken = Counter()
problems = []
for f in files:
    kind = (f.get("layout") or {}).get("kind", "none")
    fmt = kind if kind in ("ofx", "camt", "mt940", "qif") else "csv"
    if f["status"] in ("ingested", "partly"):
        taken[fmt] += 1
    if f["quarantined_by_reason"].get("UNKNOWN_ACCOUNT"):
        problems.append(f"{f['source_file']}: rows without an account")
for fmt in ("csv", "ofx", "camt", "mt940", "qif"):
    if taken[fmt] == 0:
        problems.append(f"no {fmt} file took rows in")

db = duckdb.connect(str(lake / "sparkflow.duckdb"), read_only=True)
marts, staging = "sparkflow_marts", "sparkflow_staging"
orphans = db.sql(f"""
    select distinct account_id from (
        select account_id from {marts}.fct_transactions
        union all select account_id from {staging}.stg_balances
        union all select account_id from {staging}.stg_holdings)
    where account_id not in (select account_id from {marts}.dim_account)""").fetchall()
if orphans:
    problems.append(f"accounts missing from dim_account: {[o[0] for o in orphans]}")
accounts = db.sql(f"select count(*) from {marts}.dim_account").fetchone()[0]
balances = db.sql(f"select count(*) from {staging}.stg_balances").fetchone()[0]
holdings = db.sql(f"select count(*) from {marts}.holdings_latest").fetchone()[0]
if balances == 0:
    problems.append("no balance reached stg_balances")
if holdings == 0:
    problems.append("no position reached holdings_latest")

formats = " ".join(f"{k}={taken[k]}" for k in ("csv", "ofx", "camt", "mt940", "qif"))
print(f"demo-loose files_taken_in: {formats} accounts={accounts} balances={balances} holdings={holdings}")
if problems:
    sys.exit("demo-loose: " + "; ".join(problems))
