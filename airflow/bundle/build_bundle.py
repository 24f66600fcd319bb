#!/usr/bin/env python3
"""Builds the Airflow bundle the EC2 instance pulls: a reproducible zip plus its sha256.

The zip keeps the repository's layout (so `docker compose -f airflow/docker-compose.yml` works the same in a
clone and in the unzipped bundle) and adds `manifest.json`: project version, git commit, the images the instance runs (the Airflow image CI built,
the Postgres mirror and the dev instance's Superset image, all in ECR and named by digest), and the deployable jars with their checksums (the jars
themselves are uploaded beside the bundle). A bundle built without image references (locally, in tests) says so
with nulls, and the instance refuses to start it.

Reproducible: entries sorted, one fixed timestamp, permissions reduced to 0644/0755, paths relative, nothing
from the build's time or place in the manifest. Two builds of one tree give the same bytes.

Usage: python3 airflow/bundle/build_bundle.py [--root DIR] [--out-dir DIR]
           [--airflow-image REF --postgres-image REF --superset-image REF]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

BUNDLE_NAME = "sparkflow-airflow-bundle"
MANIFEST_FORMAT = 1
# The date the root pom gives its jars (project.build.outputTimestamp): one fixed time for every entry.
FIXED_DATE_TIME = (2026, 1, 1, 0, 0, 0)

# What goes in, relative to the repository root: single files, then whole trees.
BUNDLE_FILES = (
    "airflow/docker-compose.yml",
    "airflow/Dockerfile",
    "airflow/Dockerfile.dockerignore",
    "airflow/constraints.txt",
    "airflow/README-deploy.md",
)
BUNDLE_TREES = ("airflow/image", "airflow/postgres", "airflow/dags", "dbt", "config")
# Generated or local-only: never shipped. Hidden files and folders (.user.yml, .venv, .env, ...) are left out too.
EXCLUDED_DIRS = {"__pycache__", "target", "logs", "dbt_packages", "venv"}
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".log", ".duckdb", ".wal", "~")
# The module whose jar the DAGs submit to EMR: a bundle without it names nothing to run.
REQUIRED_JARS = ("emr-jobs",)
MAVEN_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
# An image in a private ECR registry, by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<hex>.
ECR_IMAGE_BY_DIGEST = re.compile(
    r"(?P<registry>[0-9]{12}\.dkr\.ecr\.[a-z]{2}(?:-[a-z]+)+-[0-9]\.amazonaws\.com)"
    r"/(?P<repository>[a-z0-9]+(?:[._/-][a-z0-9]+)*)@sha256:[0-9a-f]{64}"
)


class BundleError(Exception):
    """A bundle that cannot be built as asked, with the reason."""


@dataclass(frozen=True)
class Entry:
    """One file of the bundle: where it sits in the zip, its bytes and its (normalised) mode."""

    name: str
    data: bytes
    mode: int


def is_excluded(relative: PurePosixPath) -> bool:
    """True for generated or local-only files: build output, caches, hidden files, logs."""
    parts = relative.parts
    if any(part.startswith(".") for part in parts):
        return True
    if any(part in EXCLUDED_DIRS for part in parts[:-1]):
        return True
    return parts[-1].endswith(EXCLUDED_SUFFIXES)


def normalised_mode(path: Path) -> int:
    """0755 for a file with any execute bit (scripts the image runs), 0644 for the rest."""
    return 0o755 if path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH) else 0o644


def read_entry(root: Path, relative: str) -> Entry:
    """The entry for one file of the tree; symlinks are refused (they could point outside the bundle)."""
    path = root / relative
    if path.is_symlink():
        raise BundleError(f"{relative} is a symbolic link: bundle files must be regular files")
    if not path.is_file():
        raise BundleError(f"{relative} is missing")
    return Entry(relative, path.read_bytes(), normalised_mode(path))


def collect_entries(root: Path) -> list[Entry]:
    """Every file the bundle ships, sorted by name."""
    names = set(BUNDLE_FILES)
    for tree in BUNDLE_TREES:
        top = root / tree
        if not top.is_dir():
            raise BundleError(f"{tree}/ is missing")
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            base = Path(dirpath)
            dirnames[:] = [d for d in dirnames if not is_excluded(PurePosixPath(d))]
            for filename in filenames:
                relative = PurePosixPath((base / filename).relative_to(root).as_posix())
                if not is_excluded(relative):
                    names.add(str(relative))
    return [read_entry(root, name) for name in sorted(names)]


def pom_text(pom: Path, tag: str) -> str | None:
    """The text of a top-level element of a pom (project/<tag>), or None."""
    element = ET.parse(pom).getroot().find(f"m:{tag}", MAVEN_NS)
    return element.text.strip() if element is not None and element.text else None


def project_version(root: Path) -> str:
    """The version in the root pom."""
    version = pom_text(root / "pom.xml", "version")
    if not version:
        raise BundleError("pom.xml names no project version")
    return version


def deployable_jars(root: Path, version: str) -> list[dict]:
    """The jars of the root pom's modules that set a <finalName> (this repository's mark of a deployable jar)."""
    modules = ET.parse(root / "pom.xml").getroot().findall("m:modules/m:module", MAVEN_NS)
    jars = []
    for module in sorted(m.text.strip() for m in modules if m.text):
        pom = root / module / "pom.xml"
        final_name = ET.parse(pom).getroot().find("m:build/m:finalName", MAVEN_NS)
        if final_name is None or not final_name.text:
            continue
        relative = f"{module}/target/{final_name.text.strip()}.jar"
        jar = root / relative
        if not jar.is_file():
            if module in REQUIRED_JARS:
                raise BundleError(f"{relative} is missing: build the jars first (`make build`)")
            continue
        data = jar.read_bytes()
        jars.append(
            {
                "module": module,
                "path": relative,
                "version": pom_text(pom, "version") or version,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
        )
    missing = set(REQUIRED_JARS) - {jar["module"] for jar in jars}
    if missing:
        raise BundleError(f"no deployable jar for {', '.join(sorted(missing))} (a module with a <finalName>)")
    return jars


def git_state(root: Path, paths: list[str]) -> dict | None:
    """The commit of the tree and whether the bundled paths differ from it; None outside a git checkout."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", *paths],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"commit": commit, "dirty": bool(status.strip())}


def base_image(dockerfile: bytes) -> str:
    """The Airflow base image the Dockerfile builds on (its AIRFLOW_IMAGE argument)."""
    match = re.search(rb"^ARG AIRFLOW_IMAGE=(\S+)$", dockerfile, re.MULTILINE)
    if not match:
        raise BundleError("airflow/Dockerfile has no `ARG AIRFLOW_IMAGE=<image>`")
    return match.group(1).decode()


@dataclass(frozen=True)
class Images:
    """The images the instances pull, each an ECR reference by digest; None for a bundle that names none.

    One bundle serves both profiles, so it names all three or none: the pipeline pulls airflow and postgres, the
    dev instance superset too (its dashboards)."""

    airflow: str | None = None
    postgres: str | None = None
    superset: str | None = None

    def __post_init__(self) -> None:
        named = (("airflow", self.airflow), ("postgres", self.postgres), ("superset", self.superset))
        given = {name: ref for name, ref in named if ref}
        if not given:
            return
        if len(given) < len(named):
            raise BundleError(f"only the {' and '.join(given)} image{'s are' if len(given) > 1 else ' is'} named: "
                              "name all three images or none")
        registries = set()
        for name, ref in given.items():
            match = ECR_IMAGE_BY_DIGEST.fullmatch(ref)
            if not match:
                raise BundleError(
                    f"the {name} image {ref!r} is not <account>.dkr.ecr.<region>.amazonaws.com/<repository>"
                    "@sha256:<64 hex digits>"
                )
            registries.add(match.group("registry"))
        if len(registries) != 1:
            raise BundleError(f"the images are in different registries: {', '.join(sorted(registries))}")


def build_manifest(root: Path, entries: list[Entry], images: Images) -> dict:
    """What the bundle is: versions, the jars it expects beside it, its commit and a checksum per file."""
    version = project_version(root)
    by_name = {entry.name: entry for entry in entries}
    return {
        "bundle": BUNDLE_NAME,
        "format": MANIFEST_FORMAT,
        "project_version": version,
        "git": git_state(root, [*BUNDLE_FILES, *BUNDLE_TREES, "pom.xml"]),
        "image": {
            "base": base_image(by_name["airflow/Dockerfile"].data),
            "airflow": images.airflow,
            "postgres": images.postgres,
            "superset": images.superset,
        },
        "jars": deployable_jars(root, version),
        "files": [
            {"path": e.name, "sha256": hashlib.sha256(e.data).hexdigest(), "size": len(e.data), "mode": f"{e.mode:04o}"}
            for e in entries
        ],
    }


def zip_bytes(entries: list[Entry]) -> bytes:
    """The zip of the entries, in the given order, with fixed timestamps and Unix permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=FIXED_DATE_TIME)
            info.create_system = 3  # Unix, so unzip restores the mode below
            info.external_attr = (stat.S_IFREG | entry.mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entry.data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def build(root: Path, out_dir: Path, images: Images | None = None) -> tuple[Path, str]:
    """Writes <out_dir>/sparkflow-airflow-bundle.zip and its .sha256; returns the zip's path and checksum."""
    entries = collect_entries(root)
    manifest = build_manifest(root, entries, images or Images())
    manifest_entry = Entry("manifest.json", (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode(), 0o644)
    data = zip_bytes(sorted([*entries, manifest_entry], key=lambda e: e.name))
    checksum = hashlib.sha256(data).hexdigest()

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{BUNDLE_NAME}.zip"
    partial = target.with_suffix(".zip.partial")
    partial.write_bytes(data)
    partial.replace(target)
    (out_dir / f"{BUNDLE_NAME}.zip.sha256").write_text(f"{checksum}  {target.name}\n")
    return target, checksum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_root = Path(__file__).resolve().parents[2]
    parser.add_argument("--root", type=Path, default=default_root, help="the repository root (default: this one)")
    parser.add_argument("--out-dir", type=Path, default=None, help="where to write (default: <root>/build/bundle)")
    parser.add_argument("--airflow-image", default=None, help="the Airflow image in ECR, <repository URL>@sha256:<hex>")
    parser.add_argument("--postgres-image", default=None, help="the Postgres image in ECR, <repository URL>@sha256:<hex>")
    parser.add_argument("--superset-image", default=None,
                        help="the dev instance's Superset image in ECR, <repository URL>@sha256:<hex>")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        images = Images(args.airflow_image or None, args.postgres_image or None, args.superset_image or None)
        target, checksum = build(root, args.out_dir or root / "build" / "bundle", images)
    except BundleError as error:
        print(f"bundle: {error}", file=sys.stderr)
        return 1
    with zipfile.ZipFile(target) as archive:
        count = len(archive.namelist())
    print(f"bundle: {target} ({count} files, {target.stat().st_size:,} bytes)\nbundle: sha256 {checksum}")
    if not images.airflow:
        print("bundle: names no images (--airflow-image/--postgres-image/--superset-image): an instance refuses to start it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
