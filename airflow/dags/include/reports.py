"""Checks the jobs' run reports ("nothing is lost") and summarises quarantined rows for the task log and alerts."""

from __future__ import annotations

from collections import Counter


class ReportError(ValueError):
    """A run report whose numbers do not add up: rows were lost or invented."""


def check_ingest(report: dict) -> dict:
    """
    Every file's rows read == valid + quarantined, its reasons add up, every line is a skipped line or a row
    (lines_total == sum of lines_skipped + valid + quarantined), and the batch totals are the files' sums.
    Returns the batch summary: row counts, quarantined rows by reason, files by status (ingested, partly, rejected,
    duplicate), the files rejected whole with why, the processed files, and how many landed objects were ignored
    as not data (lake.yml's ignored_files; the report lists them).
    """
    problems = []
    sums: Counter = Counter()
    by_reason: Counter = Counter()
    for f in report["files"]:
        name, read, valid, quarantined = f["source_file"], f["rows_read"], f["rows_valid"], f["rows_quarantined"]
        reasons = f.get("quarantined_by_reason") or {}
        if read != valid + quarantined:
            problems.append(f"{name}: read {read} != valid {valid} + quarantined {quarantined}")
        if sum(reasons.values()) != quarantined:
            problems.append(f"{name}: quarantined {quarantined} != sum by reason {dict(reasons)}")
        lines, skipped = f["lines_total"], sum((f.get("lines_skipped") or {}).values())
        if lines != skipped + valid + quarantined:
            problems.append(f"{name}: lines {lines} != skipped {skipped} + valid {valid} + quarantined {quarantined}")
        sums.update({"rows_read": read, "rows_valid": valid, "rows_quarantined": quarantined})
        sums[f"files_{f['status']}"] += 1
        by_reason.update(reasons)
    totals = report.get("totals", {})
    expected = {**sums, **{f"quarantined.{r}": n for r, n in by_reason.items()}}
    for key in sorted(set(expected) | {k for k in totals if k.startswith(("rows_", "quarantined.", "files_"))}):
        if totals.get(key, 0) != expected.get(key, 0):
            problems.append(f"totals: {key} is {totals.get(key, 0)}, the files add up to {expected.get(key, 0)}")
    if problems:
        raise ReportError(f"ingest report of batch {report['batch_id']} does not balance: " + "; ".join(problems))
    return {
        "batch_id": report["batch_id"],
        "rows_read": sums["rows_read"],
        "rows_valid": sums["rows_valid"],
        "rows_quarantined": sums["rows_quarantined"],
        "quarantined_by_reason": dict(sorted(by_reason.items())),
        "files_by_status": dict(sorted((k[len("files_"):], n) for k, n in sums.items() if k.startswith("files_"))),
        "rejected_files": {f["source_file"]: rejected_because(f) for f in report["files"] if f["status"] == "rejected"},
        "processed": [{"source_file": f["source_file"], "bytes": f["bytes"]} for f in report["files"]],
        "ignored": len(report.get("ignored") or []),
    }


def rejected_because(f: dict) -> str:
    """Why a file was rejected whole, worded as the jobs word it: its reason and detail, or its rows' reasons."""
    if f.get("file_reason"):
        detail = " ".join((f.get("file_detail") or "").split())
        return f"{f['file_reason']}: {detail}" if detail else f["file_reason"]
    reasons = f.get("quarantined_by_reason") or {}
    if not reasons:
        return "no data rows"
    return "every row quarantined: " + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))


def rejected_line(rejected_files: dict) -> str:
    """The one line that ends a batch's summary: the files rejected whole and why, or none."""
    if not rejected_files:
        return "rejected whole: none"
    count = f"{len(rejected_files)} file" + ("" if len(rejected_files) == 1 else "s")
    return f"rejected whole: {count}: " + "; ".join(f"{name} ({why})" for name, why in rejected_files.items())


def check_curate(report: dict) -> dict:
    """Per dataset: rows after == rows before + new rows - duplicates dropped. Returns rows after per dataset."""
    problems = []
    for name, d in sorted(report["datasets"].items()):
        if d["rows_after"] != d["rows_before"] + d["rows_new"] - d["duplicates_dropped"]:
            problems.append(f"{name}: {d['rows_before']} before + {d['rows_new']} new - {d['duplicates_dropped']} "
                            f"duplicates != {d['rows_after']} after")
    if problems:
        raise ReportError(f"curate report of batch {report['batch_id']} does not balance: " + "; ".join(problems))
    return {name: d["rows_after"] for name, d in sorted(report["datasets"].items())}


def describe(ingest: dict, curated: dict | None = None, engine: str | None = None) -> list[str]:
    """Lines for people: the batch's rows, the engine that ran it and why, every quarantine reason with its count,
    curated totals, and last the files rejected whole."""
    lines = [f"batch {ingest['batch_id']}: {ingest['rows_read']} rows read, {ingest['rows_valid']} valid, "
             f"{ingest['rows_quarantined']} quarantined; files {ingest['files_by_status']}"]
    if engine:
        lines.append(f"  {engine}")
    lines += [f"  quarantined {reason}: {n}" for reason, n in ingest["quarantined_by_reason"].items()]
    if ingest.get("ignored"):
        lines.append(f"  ignored {ingest['ignored']} landed objects that are not data (lake.yml ignored_files), "
                     "left in landing/; the ingest report lists them")
    if curated:
        lines.append("curated rows now: " + ", ".join(f"{name} {n}" for name, n in curated.items()))
    lines.append(rejected_line(ingest["rejected_files"]))
    return lines


def describe_replay(batch_id: str, replay: dict | None) -> list[str]:
    """Lines for people about a replay: open quarantine entries by reason before and after, resolved, rows now valid;
    or that re-reading changed nothing (the job then writes no batch)."""
    if replay is None or not replay.get("replayed"):
        return [f"replay {batch_id}: nothing to replay: the open quarantine entries fail as before"]
    before, after, resolved = replay["open_before"], replay["open_after"], replay["resolved"]
    lines = [f"replay {batch_id}: {len(replay['files'])} files re-read from raw/, "
             f"{sum(resolved.values())} quarantined rows resolved, open {sum(before.values())} -> {sum(after.values())}"]
    lines += [f"  {reason}: open {before.get(reason, 0)} -> {after.get(reason, 0)}, resolved {resolved.get(reason, 0)}"
              for reason in sorted(set(before) | set(after))]
    lines.append("rows now valid: " + (", ".join(f"{d} {n}" for d, n in replay["rows_now_valid"].items()) or "none"))
    return lines
