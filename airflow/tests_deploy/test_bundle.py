"""The bundle the EC2 instance pulls: the same bytes from the same tree, a truthful manifest, no build junk, and a
layout that Compose reads as it reads the repository."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import COMPOSE_ENV, REPO_ROOT, resolve

BUILDER_PATH = REPO_ROOT / "airflow" / "bundle" / "build_bundle.py"
ZIP_NAME = "sparkflow-airflow-bundle.zip"


def load_builder():
    spec = importlib.util.spec_from_file_location("build_bundle", BUILDER_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


builder = load_builder()


def build_cli(root: Path, out_dir: Path, *images: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["python3", str(BUILDER_PATH), "--root", str(root), "--out-dir", str(out_dir), *images],
        capture_output=True,
        text=True,
        check=False,
    )


def manifest_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("manifest.json"))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The repository's bundle, built twice into two directories by the command `make bundle` runs."""
    outputs = []
    for run in ("first", "second"):
        out_dir = tmp_path_factory.mktemp(run)
        result = build_cli(REPO_ROOT, out_dir)
        assert result.returncode == 0, result.stderr
        outputs.append(out_dir / ZIP_NAME)
    return outputs[0], outputs[1]


@pytest.fixture(scope="module")
def bundle(two_builds):
    with zipfile.ZipFile(two_builds[0]) as archive:
        yield archive


# --- reproducible -------------------------------------------------------------------------------------------------


def test_two_builds_of_one_tree_give_the_same_bytes(two_builds):
    first, second = (path.read_bytes() for path in two_builds)
    checksums = [hashlib.sha256(data).hexdigest() for data in (first, second)]
    print(f"bundle sha256, build 1: {checksums[0]}\nbundle sha256, build 2: {checksums[1]}")
    assert first == second
    for path, checksum in zip(two_builds, checksums):
        assert path.with_name(ZIP_NAME + ".sha256").read_text() == f"{checksum}  {ZIP_NAME}\n"


def test_the_sha256_file_verifies_with_sha256sum(two_builds):
    result = subprocess.run(
        ["sha256sum", "--check", ZIP_NAME + ".sha256"], cwd=two_builds[0].parent, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_entries_are_sorted_with_fixed_time_and_normalised_modes(bundle):
    infos = bundle.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    for info in infos:
        assert info.date_time == builder.FIXED_DATE_TIME, info.filename
        assert info.create_system == 3
        mode = info.external_attr >> 16
        assert stat.S_ISREG(mode) and stat.S_IMODE(mode) in (0o644, 0o755), info.filename
    scripts = [i for i in infos if i.filename.startswith(("airflow/image/bin/", "airflow/postgres/"))]
    assert scripts and all(stat.S_IMODE(i.external_attr >> 16) == 0o755 for i in scripts)


def test_mtimes_and_permission_bits_of_the_tree_do_not_change_the_bytes(tmp_path):
    root = make_tree(tmp_path / "repo")
    first = builder.zip_bytes(builder.collect_entries(root))
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (1_000_000, 1_000_000))
            path.chmod(path.stat().st_mode | stat.S_IWGRP)
    assert builder.zip_bytes(builder.collect_entries(root)) == first


# --- content ------------------------------------------------------------------------------------------------------


def test_the_bundle_holds_compose_image_dags_dbt_and_config(bundle):
    names = set(bundle.namelist())
    for required in (
        "manifest.json",
        "airflow/docker-compose.yml",
        "airflow/Dockerfile",
        "airflow/Dockerfile.dockerignore",
        "airflow/constraints.txt",
        "airflow/README-deploy.md",
        "airflow/image/requirements-airflow.txt",
        "airflow/image/requirements-dbt.txt",
        "airflow/image/bin/sparkflow-init",
        "airflow/image/bin/sparkflow-secret",
        "airflow/postgres/sparkflow-metadata",
        "airflow/postgres/initdb/10-sparkflow-roles.sh",
        "dbt/dbt_project.yml",
        "dbt/profiles.yml",
        "dbt/requirements.txt",
        "config/lake.yml",
    ):
        assert required in names
    for tree in ("airflow/dags", "dbt", "config"):
        on_disk = {
            p.relative_to(REPO_ROOT).as_posix()
            for p in (REPO_ROOT / tree).rglob("*")
            if p.is_file() and not builder.is_excluded(p.relative_to(REPO_ROOT))
        }
        assert on_disk and on_disk <= names, tree
    assert any(name.startswith("airflow/dags/include/") for name in names)


def test_the_bundle_holds_no_build_output_caches_or_hidden_files(bundle):
    for name in bundle.namelist():
        parts = name.split("/")
        assert not name.startswith("/") and ".." not in parts, name
        assert not any(part.startswith(".") for part in parts), name
        assert not {"target", "logs", "__pycache__", ".venv", "dbt_packages"} & set(parts[:-1]), name
        assert not name.endswith((".pyc", ".jar", ".duckdb")), name
        assert parts[0] in ("airflow", "dbt", "config", "manifest.json"), name


def test_the_manifest_names_the_project_version_and_the_jobs_jar(bundle):
    manifest = manifest_of(bundle)
    assert manifest["bundle"] == "sparkflow-airflow-bundle" and manifest["format"] == 1
    assert manifest["project_version"] == builder.project_version(REPO_ROOT)
    jars = {jar["module"]: jar for jar in manifest["jars"]}
    jar_path = REPO_ROOT / "emr-jobs" / "target" / "emr-jobs.jar"
    assert jars["emr-jobs"] == {
        "module": "emr-jobs",
        "path": "emr-jobs/target/emr-jobs.jar",
        "version": manifest["project_version"],
        "sha256": hashlib.sha256(jar_path.read_bytes()).hexdigest(),
        "size": jar_path.stat().st_size,
    }
    print(f"manifest jars: {manifest['jars']}")


def test_the_manifest_names_the_commit_the_base_image_and_no_image_when_none_was_given(bundle):
    manifest = manifest_of(bundle)
    head = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode == 0:
        assert manifest["git"]["commit"] == head.stdout.strip()
        assert isinstance(manifest["git"]["dirty"], bool)
    assert manifest["image"] == {"base": builder.base_image((REPO_ROOT / "airflow/Dockerfile").read_bytes()),
                                 "airflow": None, "postgres": None, "superset": None}
    assert manifest["image"]["base"].startswith("apache/airflow:3.")


def test_the_manifest_lists_every_file_with_its_checksum(bundle):
    listed = {f["path"]: f for f in manifest_of(bundle)["files"]}
    assert set(listed) == set(bundle.namelist()) - {"manifest.json"}
    for name, entry in listed.items():
        data = bundle.read(name)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data), name


def test_the_unzipped_bundle_is_a_compose_project_that_pulls_and_never_builds(bundle, tmp_path):
    bundle.extractall(tmp_path)
    model = resolve(tmp_path / "airflow" / "docker-compose.yml", COMPOSE_ENV)
    assert not any("build" in service for service in model["services"].values())
    assert "airflow/docker-compose.build.yml" not in bundle.namelist()


# --- the images, by digest ----------------------------------------------------------------------------------------

REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
AIRFLOW_REF = f"{REGISTRY}/sparkflow-prod-airflow@sha256:{'0123456789abcdef' * 4}"
POSTGRES_REF = f"{REGISTRY}/sparkflow-prod-postgres@sha256:{'fedcba9876543210' * 4}"
SUPERSET_REF = f"{REGISTRY}/sparkflow-prod-superset@sha256:{'00112233445566ff' * 4}"


def test_the_images_given_are_named_in_the_manifest(tmp_path):
    root = make_tree(tmp_path / "repo")
    result = build_cli(root, tmp_path / "out", "--airflow-image", AIRFLOW_REF, "--postgres-image", POSTGRES_REF,
                       "--superset-image", SUPERSET_REF)
    assert result.returncode == 0, result.stderr
    assert "names no images" not in result.stdout
    with zipfile.ZipFile(tmp_path / "out" / ZIP_NAME) as archive:
        image = manifest_of(archive)["image"]
    assert image == {"base": "apache/airflow:3.3.2-python3.11", "airflow": AIRFLOW_REF, "postgres": POSTGRES_REF,
                     "superset": SUPERSET_REF}


def test_a_bundle_without_images_builds_and_says_so(tmp_path):
    result = build_cli(make_tree(tmp_path / "repo"), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "names no images" in result.stdout and "refuses to start it" in result.stdout


@pytest.mark.parametrize(
    "airflow, postgres, superset, message",
    [
        (AIRFLOW_REF.split("@")[0] + ":3.3.2", POSTGRES_REF, SUPERSET_REF, "is not <account>.dkr.ecr"),
        ("docker.io/apache/airflow@sha256:" + "0" * 64, POSTGRES_REF, SUPERSET_REF, "is not <account>.dkr.ecr"),
        (AIRFLOW_REF, "postgres:16.10-bookworm", SUPERSET_REF, "the postgres image 'postgres:16.10-bookworm' is not"),
        (AIRFLOW_REF, POSTGRES_REF, "apache/superset:6.1.0", "the superset image 'apache/superset:6.1.0' is not"),
        (AIRFLOW_REF[:-1], POSTGRES_REF, SUPERSET_REF, "is not <account>.dkr.ecr"),
        (AIRFLOW_REF.upper(), POSTGRES_REF, SUPERSET_REF, "is not <account>.dkr.ecr"),
        (f"12345.dkr.ecr.eu-west-1.amazonaws.com/x@sha256:{'0' * 64}", POSTGRES_REF, SUPERSET_REF,
         "is not <account>.dkr.ecr"),
        (f"{REGISTRY}.evil.example/x@sha256:{'0' * 64}", POSTGRES_REF, SUPERSET_REF, "is not <account>.dkr.ecr"),
        (AIRFLOW_REF + "\n", POSTGRES_REF, SUPERSET_REF, "is not <account>.dkr.ecr"),
        (AIRFLOW_REF, None, None, "only the airflow image is named"),
        (None, POSTGRES_REF, None, "only the postgres image is named"),
        (AIRFLOW_REF, POSTGRES_REF, None, "only the airflow and postgres images are named: name all three"),
        (None, None, SUPERSET_REF, "only the superset image is named"),
        (AIRFLOW_REF.replace("123456789012", "210987654321"), POSTGRES_REF, SUPERSET_REF, "in different registries"),
        (AIRFLOW_REF, POSTGRES_REF, SUPERSET_REF.replace("eu-west-1", "us-east-1"), "in different registries"),
    ],
)
def test_an_image_reference_that_is_not_ecr_by_digest_is_refused(tmp_path, airflow, postgres, superset, message):
    args = [*(["--airflow-image", airflow] if airflow else []), *(["--postgres-image", postgres] if postgres else []),
            *(["--superset-image", superset] if superset else [])]
    result = build_cli(make_tree(tmp_path / "repo"), tmp_path / "out", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert not (tmp_path / "out" / ZIP_NAME).exists()


# --- a small tree of our own: junk, errors ------------------------------------------------------------------------


def make_tree(root: Path, with_jar: bool = True) -> Path:
    """A minimal repository with the bundled folders, a built jar, and the junk a working tree collects."""
    files = {
        "pom.xml": POM.format(modules="<module>emr-jobs</module><module>test-support</module>"),
        "emr-jobs/pom.xml": MODULE_POM.format(
            artifact="emr-jobs", build="<build><finalName>emr-jobs</finalName></build>"
        ),
        "test-support/pom.xml": MODULE_POM.format(artifact="test-support", build=""),
        "airflow/docker-compose.yml": "services: {}\n",
        "airflow/Dockerfile": "ARG AIRFLOW_IMAGE=apache/airflow:3.3.2-python3.11\nFROM ${AIRFLOW_IMAGE}\n",
        "airflow/Dockerfile.dockerignore": "*\n",
        "airflow/constraints.txt": "apache-airflow==3.3.2\n",
        "airflow/README-deploy.md": "# deploy\n",
        "airflow/image/bin/sparkflow-init": "#!/usr/bin/env bash\n",
        "airflow/postgres/sparkflow-metadata": "#!/usr/bin/env bash\n",
        "airflow/dags/pipeline.py": "# a dag\n",
        "airflow/dags/include/emr.json": "{}\n",
        "airflow/dags/__pycache__/pipeline.cpython-311.pyc": "junk",
        "airflow/dags/.venv/lib/x.py": "junk",
        "airflow/tests/test_dags.py": "not bundled",
        "dbt/dbt_project.yml": "name: x\n",
        "dbt/models/m.sql": "select 1\n",
        "dbt/target/manifest.json": "junk",
        "dbt/logs/dbt.log": "junk",
        "dbt/.user.yml": "id: junk",
        "dbt/dbt_packages/pkg/x.sql": "junk",
        "config/lake.yml": "zones: {}\n",
        "config/.DS_Store": "junk",
        "emr-jobs/target/emr-jobs.jar": "jar bytes",
        "emr-jobs/target/original-emr-jobs.jar": "not deployable",
        "test-support/target/test-support-1.2.3.jar": "not deployable",
    }
    if not with_jar:
        del files["emr-jobs/target/emr-jobs.jar"]
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "airflow/image/bin/sparkflow-init").chmod(0o755)
    return root


POM = """<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>x</groupId><artifactId>parent</artifactId><version>1.2.3</version><packaging>pom</packaging>
<modules>{modules}</modules></project>
"""
MODULE_POM = """<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<parent><groupId>x</groupId><artifactId>parent</artifactId><version>1.2.3</version></parent>
<artifactId>{artifact}</artifactId>{build}</project>
"""


def test_junk_is_left_out_and_the_layout_kept(tmp_path):
    root = make_tree(tmp_path / "repo")
    result = build_cli(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / ZIP_NAME) as archive:
        assert archive.namelist() == [
            "airflow/Dockerfile",
            "airflow/Dockerfile.dockerignore",
            "airflow/README-deploy.md",
            "airflow/constraints.txt",
            "airflow/dags/include/emr.json",
            "airflow/dags/pipeline.py",
            "airflow/docker-compose.yml",
            "airflow/image/bin/sparkflow-init",
            "airflow/postgres/sparkflow-metadata",
            "config/lake.yml",
            "dbt/dbt_project.yml",
            "dbt/models/m.sql",
            "manifest.json",
        ]
        manifest = manifest_of(archive)
    assert manifest["project_version"] == "1.2.3"
    assert manifest["git"] is None  # not a git checkout
    assert manifest["jars"] == [
        {
            "module": "emr-jobs",
            "path": "emr-jobs/target/emr-jobs.jar",
            "version": "1.2.3",
            "sha256": hashlib.sha256(b"jar bytes").hexdigest(),
            "size": 9,
        }
    ]


def test_a_missing_jobs_jar_is_a_clear_error(tmp_path):
    root = make_tree(tmp_path / "repo", with_jar=False)
    result = build_cli(root, tmp_path / "out")
    assert result.returncode == 1
    assert "emr-jobs/target/emr-jobs.jar is missing: build the jars first (`make build`)" in result.stderr
    assert not (tmp_path / "out" / ZIP_NAME).exists()


def test_a_symbolic_link_is_refused(tmp_path):
    root = make_tree(tmp_path / "repo")
    (root / "config" / "secrets.yml").symlink_to("/etc/hostname")
    result = build_cli(root, tmp_path / "out")
    assert result.returncode == 1
    assert "config/secrets.yml is a symbolic link" in result.stderr


def test_a_missing_compose_file_is_a_clear_error(tmp_path):
    root = make_tree(tmp_path / "repo")
    (root / "airflow" / "docker-compose.yml").unlink()
    result = build_cli(root, tmp_path / "out")
    assert result.returncode == 1
    assert "airflow/docker-compose.yml is missing" in result.stderr


def test_a_git_checkout_records_its_commit_and_whether_the_bundled_files_changed(tmp_path):
    root = make_tree(tmp_path / "repo")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tree"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    paths = [*builder.BUNDLE_FILES, *builder.BUNDLE_TREES, "pom.xml"]
    assert builder.git_state(root, paths) == {"commit": head, "dirty": False}
    (root / "config" / "lake.yml").write_text("zones: {changed: true}\n")
    assert builder.git_state(root, paths) == {"commit": head, "dirty": True}
