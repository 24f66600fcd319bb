"""The lake as the DAGs see it: its layout from config/lake.yml (the one home) and its files, on S3 or on local disk."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import yaml

log = logging.getLogger(__name__)

AWS_CONN_ID = "aws_default"
# An ignored_files entry ending in this names a folder: anything inside it, at any depth.
INSIDE = "/**"
# Besides *, characters the instance's watchdog would read as bash pattern syntax: refused, so * is the only wildcard.
NOT_ALLOWED = "?[]\\()"


@dataclass(frozen=True)
class Layout:
    """
    Zone prefixes, dataset names and the landed files that are not data (ignored_files), read from lake.yml; and the
    marts' reporting currency and rate look-back (home_currency, fx_lookback_days) from the accounts.yml beside it.
    """

    zones: dict[str, str]
    datasets: tuple[str, ...]
    ignored_files: tuple[str, ...]
    currency: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, config_dir: str) -> Layout:
        with open(Path(config_dir) / "lake.yml", encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if "ignored_files" not in doc:
            raise ValueError("lake.yml: ignored_files is missing")
        accounts_yml = Path(config_dir) / "accounts.yml"
        accounts = (yaml.safe_load(accounts_yml.read_text(encoding="utf-8")) if accounts_yml.exists() else None) or {}
        currency = {"home_currency": str(accounts.get("home_currency") or "EUR").strip().upper(),
                    "fx_lookback_days": int(accounts.get("fx_lookback_days", 4))}
        return cls(zones=dict(doc["zones"]), datasets=tuple(doc["datasets"]),
                   ignored_files=_checked(doc["ignored_files"]), currency=currency)

    def dbt_vars(self) -> str:
        """dbt --vars with the zone prefixes and currency settings, as dbt/scripts/lake_vars.py prints them for the Makefile."""
        return json.dumps({"lake_zones": self.zones, **self.currency})

    def ignored_by(self, path: str) -> str | None:
        """
        The first ignored_files entry a path below landing/ matches, or None for a file that is data: NAME matches
        the path's own name (an S3 folder marker's ends in "/"), NAME/** a folder above it. The same rule as the
        jobs', the launcher's and the watchdog's; all are tested against test-support's landed-names.tsv.
        """
        marker = path == "" or path.endswith("/")
        *folders, name = (path[:-1] if marker and path else path).split("/")
        name += "/" if marker else ""
        for entry in self.ignored_files:
            if entry.endswith(INSIDE):
                if any(_matches(entry[: -len(INSIDE)], folder) for folder in folders):
                    return entry
            elif _matches(entry, name):
                return entry
        return None


def unsafe_key(path: str) -> str | None:
    """
    What makes a key below landing/ unsafe, or None: S3 keeps ``a/../../reports/x`` as written, but path APIs (the
    jobs' Hadoop paths, a local disk) resolve ``..`` and ``.`` and drop empty segments, reading or writing elsewhere in
    the lake. A backslash or a control character is refused too. The launcher and the jobs refuse the same keys.
    """
    if "\\" in path:
        return "a backslash"
    if any(unicodedata.category(c) == "Cc" for c in path):
        return "a control character"
    for segment in path.removesuffix("/").split("/"):
        if segment in ("", ".", ".."):
            return f"a {segment!r} segment" if segment else "an empty segment"
    return None


def _checked(entries: list) -> tuple[str, ...]:
    """lake.yml's ignored_files, refusing entries the rule cannot express (as the jobs do when they load it)."""
    for entry in entries:
        if (not isinstance(entry, str) or not entry
                or any(c.isspace() or unicodedata.category(c) == "Cc" or c in NOT_ALLOWED for c in entry)):
            raise ValueError(f"lake.yml: ignored_files entry {entry!r} must be non-empty, without spaces, "
                             f"control characters or any of {NOT_ALLOWED}")
        name = entry[: -len(INSIDE)] if entry.endswith(INSIDE) else entry.removesuffix("/")
        if not name or "/" in name:
            raise ValueError(f"lake.yml: ignored_files entry {entry!r} must be NAME, NAME/ or NAME/** "
                             "with no other '/'")
    return tuple(entries)


def _matches(glob: str, text: str) -> bool:
    """Whether text matches glob, where only * (any run of characters) is special."""
    return re.fullmatch(".*".join(re.escape(part) for part in glob.split("*")), text, re.DOTALL) is not None


@dataclass(frozen=True)
class LandedFile:
    """A file waiting in landing/: its path below landing/ and its size."""

    path: str
    bytes: int


class Storage(Protocol):
    """The few file operations the DAGs need, on one lake root."""

    def list(self, prefix: str) -> list[LandedFile]: ...

    def read_text(self, key: str) -> str | None: ...

    def delete(self, keys: list[str]) -> None: ...


class LocalStorage:
    """A lake on the local disk (local mode)."""

    def __init__(self, root: str):
        self.root = Path(root)

    def list(self, prefix: str) -> list[LandedFile]:
        base = self.root / prefix
        if not base.is_dir():
            return []
        return [LandedFile(p.relative_to(base).as_posix(), p.stat().st_size) for p in base.rglob("*") if p.is_file()]

    def read_text(self, key: str) -> str | None:
        path = self.root / key
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            path = self.root / key
            path.unlink()
            # Emptied account folders go too; the zone and dataset folders stay.
            for parent in path.parents:
                if parent == self.root or len(parent.relative_to(self.root).parts) <= 2 or any(parent.iterdir()):
                    break
                parent.rmdir()


class S3Storage:
    """A lake on S3 (EMR mode), through the Amazon provider's S3 hook."""

    def __init__(self, uri: str, aws_conn_id: str = AWS_CONN_ID):
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        self.hook = S3Hook(aws_conn_id=aws_conn_id)
        self.bucket, prefix = S3Hook.parse_s3_url(uri)
        self.prefix = prefix.strip("/")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def list(self, prefix: str) -> list[LandedFile]:
        base = self._key(prefix).rstrip("/") + "/"
        found = []
        for page in self.hook.get_conn().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base):
            # Folder markers too (keys ending in /): lake.yml's ignored_files says they are not data.
            found += [LandedFile(obj["Key"][len(base):], obj["Size"]) for obj in page.get("Contents", [])]
        return found

    def read_text(self, key: str) -> str | None:
        if not self.hook.check_for_key(self._key(key), self.bucket):
            return None
        return self.hook.read_key(self._key(key), self.bucket)

    def delete(self, keys: list[str]) -> None:
        if keys:
            self.hook.delete_objects(self.bucket, [self._key(k) for k in keys])


class Lake:
    """One lake root with its layout: what waits in landing/, the run reports, clearing landing/ after a batch."""

    def __init__(self, root: str, layout: Layout, storage: Storage):
        self.root = root
        self.layout = layout
        self.storage = storage

    @classmethod
    def open(cls, root: str, config_dir: str, aws_conn_id: str = AWS_CONN_ID) -> Lake:
        storage = S3Storage(root, aws_conn_id) if root.startswith("s3://") else LocalStorage(root)
        return cls(root, Layout.load(config_dir), storage)

    def landed_files(self) -> list[LandedFile]:
        """
        Files in landing/ the jobs will read: all but the objects lake.yml's ignored_files names as not data and
        those whose key no reader may take at face value (``unsafe_key``), which stay in landing/ with a warning.
        """
        files = [f for f in self.storage.list(self.layout.zones["landing"]) if self.layout.ignored_by(f.path) is None]
        for f in files:
            if (why := unsafe_key(f.path)) is not None:
                log.warning("landing/%r is left where it is, unread: its key has %s", f.path, why)
        return sorted((f for f in files if unsafe_key(f.path) is None), key=lambda f: f.path)

    def read_report(self, kind: str, batch_id: str) -> dict:
        """reports/<kind>/<batch_id>.json, written by the jobs; a missing report is an error."""
        key = f"{self.layout.zones['reports']}/{kind}/{batch_id}.json"
        text = self.storage.read_text(key)
        if text is None:
            raise FileNotFoundError(f"no {kind} report for batch {batch_id} at {self.root}/{key}")
        return json.loads(text)

    def clear_landing(self, processed: list[dict]) -> tuple[list[str], list[str]]:
        """
        Deletes the landed files a batch archived to raw/ (``source_file`` and ``bytes`` from its ingest report).
        A file whose size changed since was landed again and stays for the next run. Returns (removed, kept).
        """
        landing = self.layout.zones["landing"]
        now = {f.path: f.bytes for f in self.landed_files()}
        removed = [p["source_file"] for p in processed if now.get(p["source_file"]) == p["bytes"]]
        kept = [p["source_file"] for p in processed if p["source_file"] in now and p["source_file"] not in removed]
        self.storage.delete([f"{landing}/{path}" for path in removed])
        return removed, kept


def plan_batch(files: list[LandedFile], run_after: datetime, lake_root: str) -> dict:
    """
    The batch for a run: its files, ingest date (the run's UTC date) and id ``<yyyymmdd>-<10 hex>`` from that date
    and the files' names and sizes (the scheme the jobs use when no id is given). A retry, or a later run over the
    same untouched files that day, gets the same id, so the jobs replace their own earlier attempt rather than
    taking its files for already-ingested duplicates.
    """
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.path):
        digest.update(f"{f.path}\0{f.bytes}\n".encode())
    day = run_after.astimezone(timezone.utc).strftime("%Y%m%d")
    return {
        "batch_id": f"{day}-{digest.hexdigest()[:10]}",
        "ingest_date": f"{day[:4]}-{day[4:6]}-{day[6:]}",
        "lake": lake_root,
        "files": [{"path": f.path, "bytes": f.bytes} for f in files],
    }


def plan_replay(batches: str, files: str, run_after: datetime, lake_root: str, run_id: str) -> dict:
    """
    A manual run's replay (params replay_batches / replay_files, comma-separated): the jobs re-read those batches'
    rejected files from raw/ with the current config. Nothing is taken from landing/ (no files). Its id
    ``replay-<yyyymmdd>-<10 hex>`` comes from the run, so a retry replaces its own attempt.
    """
    day = run_after.astimezone(timezone.utc).strftime("%Y%m%d")
    digest = hashlib.sha256(f"{run_id}\0{batches}\0{files}".encode()).hexdigest()[:10]
    return {
        "batch_id": f"replay-{day}-{digest}",
        "ingest_date": f"{day[:4]}-{day[4:6]}-{day[6:]}",
        "lake": lake_root,
        "files": [],
        "replay": {"batches": batches.strip(), "files": files.strip()},
    }
