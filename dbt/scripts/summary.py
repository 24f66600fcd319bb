"""Prints a short summary of the dashboard marts in a DuckDB file (`make marts` runs it after dbt build)."""

import sys

import duckdb

MARTS = "sparkflow_marts"
TOP_CATEGORIES = 6
MONTHS = 3
SHOWN = 5  # accounts in other currencies and rate gaps listed


def money(value) -> str:
    return f"{value:,.2f}"


def month(value) -> str:
    return value.strftime("%Y-%m")


def rows(con, sql: str, *params) -> list:
    return con.execute(sql.replace("{m}", MARTS), list(params)).fetchall()


def spending(con) -> list[str]:
    months = [r[0] for r in rows(con, "select distinct month_start from {m}.cash_flow_monthly "
                                      "order by month_start desc limit ?", MONTHS)][::-1]
    if not months:
        return ["Spending: no transactions"]
    spend = {(m, c): s for m, c, s in rows(con, "select month_start, category, spend from {m}.monthly_spend_by_category "
                                                "where month_start >= ?", months[0])}
    totals = {}
    for (_, category), value in spend.items():
        totals[category] = totals.get(category, 0) + value
    top = sorted(totals, key=totals.get, reverse=True)[:TOP_CATEGORIES]
    title = f"Spending, last {len(months)} months"
    width = max([len(title) - 2, len("other"), len("total")] + [len(c) for c in top])
    lines = [title.ljust(width + 2) + "".join(f"{month(m):>12}" for m in months)]
    for category in top + ["other", "total"]:
        values = []
        for m in months:
            in_month = {c: v for (mm, c), v in spend.items() if mm == m}
            if category == "total":
                values.append(sum(in_month.values()))
            elif category == "other":
                values.append(sum(v for c, v in in_month.items() if c not in top))
            else:
                values.append(in_month.get(category, 0))
        lines.append(f"  {category:<{width}}" + "".join(f"{money(v):>12}" for v in values))
    return lines


def budgets(con) -> list[str]:
    latest = rows(con, "select max(month_start) from {m}.budget_vs_actual")[0][0]
    if latest is None:
        return ["Budgets: none landed"]
    counts = dict(rows(con, "select status, count(*) from {m}.budget_vs_actual where month_start = ? group by status",
                       latest))
    overall = dict(rows(con, "select status, count(*) from {m}.budget_vs_actual group by status"))
    lines = [f"Budgets {month(latest)}: {counts.get('over', 0)} over, {counts.get('near', 0)} near, "
             f"{counts.get('under', 0)} under  (all months: {overall.get('over', 0)} over, "
             f"{overall.get('near', 0)} near, {overall.get('under', 0)} under)"]
    worst = rows(con, "select category, pct_used, actual, budget from {m}.budget_vs_actual "
                      "where month_start = ? and status <> 'under' order by pct_used desc nulls first limit 3", latest)
    for category, pct, actual, budget in worst:
        used = "no budget" if pct is None else f"{pct:.0f}%"
        lines.append(f"  {category:<14}{used:>10}  {money(actual):>10} of {money(budget)}")
    return lines


def net_worth(con) -> list[str]:
    trend = rows(con, "select month_start, net_worth, currency from {m}.net_worth_monthly order by month_start")
    if not trend:
        return ["Net worth: no balances landed"]
    (first_month, first, home), (last_month, last, _) = trend[0], trend[-1]
    change = last - first
    pct = f" ({change / abs(first):+.1%})" if first else ""
    lines = [f"Net worth ({home}) {month(first_month)} {money(first)} -> {month(last_month)} {money(last)}: "
             f"{'+' if change >= 0 else ''}{money(change)}{pct}"]
    foreign = rows(con, "select account_id, balance, currency, balance_home, fx_rate_used, fx_rate_date "
                        "from {m}.balances_monthly where month_start = ? and currency <> home_currency "
                        "order by balance_home is null, account_id", last_month)
    for account, balance, currency, home_value, rate, day in foreign[:SHOWN]:
        converted = (f"{money(home_value)} {home} at {rate:.4f} (rate of {day})" if home_value is not None
                     else "no rate: left out")
        lines.append(f"  {account} {money(balance)} {currency} = {converted}")
    if len(foreign) > SHOWN:
        lines.append(f"  ... and {len(foreign) - SHOWN} more accounts in other currencies")
    return lines


def currencies(con) -> list[str]:
    home = rows(con, "select max(home_currency) from {m}.fct_transactions")[0][0]
    n, first, last = rows(con, "select count(distinct currency), min(rate_date), max(rate_date) from {m}.dim_fx_rate")[0]
    lines = [f"Currencies: reported in {home or '-'}; "
             + (f"rates into it for {n} currencies, {first} .. {last} (fx_rates)" if n else "no fx_rates landed")]
    for currency, n, first, last, low, high in rows(
            con, "select currency, count(*), min(fx_rate_date), max(fx_rate_date), min(fx_rate_used), max(fx_rate_used) "
                 "from {m}.fct_transactions where currency <> home_currency and has_home_amount "
                 "group by currency order by currency"):
        lines.append(f"  {currency}: {n} transactions converted at the rates of {first} .. {last} "
                     f"({low:.4f} .. {high:.4f} {home} per {currency})")
    gaps = rows(con, "select row_kind, account_id, row_date, amount, currency from {m}.fx_rate_gaps "
                     "order by row_date, row_kind, account_id")
    lines.append(f"  Rate gaps: {len(gaps)} row{'s' if len(gaps) != 1 else ''} without a rate "
                 "(left out of the sums, listed in fx_rate_gaps)" + (":" if gaps else ""))
    for kind, account, day, amount, currency in gaps[:SHOWN]:
        lines.append(f"    {kind:<11} {account:<14} {day} {money(amount):>10} {currency}")
    return lines


def holdings(con) -> list[str]:
    positions = rows(con, "select currency, count(*), sum(market_value), count(distinct account_id) "
                          "from {m}.holdings_latest group by currency order by currency")
    if not positions:
        return ["Holdings: no investment statement landed"]
    return ["Holdings (latest statement of each account): " + "; ".join(
        f"{n} positions in {accounts} account{'s' if accounts != 1 else ''} worth {money(value)} {cur}"
        for cur, n, value, accounts in positions)]


def recurring(con) -> list[str]:
    count, monthly = rows(con, "select count(*), coalesce(sum(monthly_cost), 0) from {m}.recurring_payments "
                               "where is_active")[0]
    lines = [f"Recurring payments: {count} active, {money(monthly)} a month"]
    for merchant, cadence, cost in rows(con, "select merchant, cadence, monthly_cost from {m}.recurring_payments "
                                             "where is_active order by monthly_cost desc, merchant limit 3"):
        lines.append(f"  {merchant[:30]:<30} {cadence:<9} {money(cost):>10} a month")
    return lines


def unusual(con) -> list[str]:
    flagged = rows(con, "select booking_date, merchant, amount, ratio from {m}.unusual_transactions "
                        "order by amount desc limit 1")
    total = rows(con, "select count(*) from {m}.unusual_transactions")[0][0]
    if not flagged:
        return ["Unusual transactions: none"]
    day, merchant, amount, ratio = flagged[0]
    return [f"Unusual transactions: {total} (largest {money(amount)} at {merchant[:30]} on {day}, "
            f"{ratio:.1f}x typical)"]


def rejected(con) -> list[str]:
    counts = dict(rows(con, "select status, count(*) from {m}.fct_quarantined_rows group by status"))
    return [f"Rejected rows: {counts.get('open', 0)} open, {counts.get('resolved', 0)} resolved by a replay"
            + (f", {counts['superseded']} superseded" if counts.get("superseded") else "")]


def main(path: str) -> None:
    con = duckdb.connect(path, read_only=True)
    currency = ", ".join(r[0] for r in rows(con, "select distinct currency from {m}.fct_transactions order by 1"))
    home = rows(con, "select max(home_currency) from {m}.fct_transactions")[0][0]
    n, first, last = rows(con, "select count(*), min(booking_date), max(booking_date) from {m}.fct_transactions")[0]
    span = f"{month(first)} .. {month(last)}" if n else "none"
    print(f"\nMarts in {path}: {n:,} transactions ({span}), amounts in {currency or '-'}, "
          f"reported in {home or '-'}\n")
    for section in (spending, budgets, net_worth, currencies, holdings, recurring, unusual, rejected):
        print("\n".join(section(con)))
        print()


if __name__ == "__main__":
    main(sys.argv[1])
