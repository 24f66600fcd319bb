"""The deploy workflow's helpers: names from config/platform.yml, uploads with sha256, SSM pointers, against a fake aws."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import platform_env

REPO = Path(__file__).resolve().parents[2]


def test_names_follow_platform_yml():
    names = platform_env.names("prod", "abc123", "2.40.3", "x86_64")
    assert names == {
        "SSM_BUNDLE_POINTER": "/sparkflow/prod/bundle/current",
        "SSM_COMPOSE_POINTER": "/sparkflow/prod/tools/compose",
        "BUNDLE_KEY": "bundles/abc123/sparkflow-airflow-bundle.zip",
        "JOBS_JAR_KEY": "jars/abc123/emr-jobs.jar",
        "LAUNCHER_JAR_KEY": "jars/abc123/launcher-lambda.jar",
        "COMPOSE_KEY": "tools/docker-compose/2.40.3/docker-compose-linux-x86_64",
    }


def test_a_placeholder_left_unfilled_is_an_error():
    with pytest.raises(ValueError, match="unresolved"):
        platform_env.resolve("bundles/{version}/{other}", version="1")


FAKE_AWS = """#!/usr/bin/env bash
# Records each call; `s3 cp SRC s3://B/K` copies SRC to $FAKE_S3/B/K.
printf '%s\\n' "$*" >> "$FAKE_AWS_LOG"
if [[ "$1 $2" == "s3 cp" ]]; then
  src="${@: -2:1}"; dst="${@: -1}"; dst="$FAKE_S3/${dst#s3://}"
  mkdir -p "$(dirname "$dst")" && cp "$src" "$dst"
fi
"""


@pytest.fixture
def release(tmp_path: Path) -> dict:
    """A repository-shaped folder with built outputs, the script, and a fake aws CLI on PATH."""
    root = tmp_path / "repo"
    for part in ("config", "infra/deploy"):
        shutil.copytree(REPO / part, root / part)
    outputs = {"emr-jobs/target/emr-jobs.jar": b"jobs", "launcher-lambda/target/launcher-lambda.jar": b"launcher",
               "build/bundle/sparkflow-airflow-bundle.zip": b"bundle", "compose/docker-compose": b"compose"}
    for name, data in outputs.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    bundle_sum = hashlib.sha256(b"bundle").hexdigest()
    (root / "build/bundle/sparkflow-airflow-bundle.zip.sha256").write_text(f"{bundle_sum}  sparkflow-airflow-bundle.zip\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").write_text(FAKE_AWS)
    (bin_dir / "aws").chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", FAKE_AWS_LOG=str(tmp_path / "aws.log"),
               FAKE_S3=str(tmp_path / "s3"), ARTIFACTS_BUCKET="sparkflow-prod-artifacts-1", RELEASE_VERSION="abc123",
               SPARKFLOW_ENV="prod", COMPOSE_VERSION="2.40.3", COMPOSE_BIN=str(root / "compose/docker-compose"),
               PYTHON=sys.executable)
    return {"root": root, "env": env, "s3": tmp_path / "s3" / "sparkflow-prod-artifacts-1", "log": tmp_path / "aws.log"}


def run(setup: dict, script: str = "publish-release.sh") -> subprocess.CompletedProcess:
    """One of infra/deploy's scripts, in the fixture's tree with its environment (fake aws, and docker)."""
    return subprocess.run(["bash", str(setup["root"] / "infra/deploy" / script)], env=setup["env"],
                          capture_output=True, text=True)


def test_publish_uploads_each_artifact_with_a_checkable_sha256_and_points_ssm(release: dict):
    result = run(release)
    assert result.returncode == 0, result.stderr
    for key, data in (("jars/abc123/emr-jobs.jar", b"jobs"), ("bundles/abc123/sparkflow-airflow-bundle.zip", b"bundle"),
                      ("jars/abc123/launcher-lambda.jar", b"launcher"),
                      ("tools/docker-compose/2.40.3/docker-compose-linux-x86_64", b"compose")):
        assert (release["s3"] / key).read_bytes() == data
        checked = subprocess.run(["sha256sum", "--check", "--quiet", f"{Path(key).name}.sha256"],
                                 cwd=(release["s3"] / key).parent, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    calls = release["log"].read_text().splitlines()
    puts = [c for c in calls if c.startswith("ssm put-parameter")]
    assert [p.split("--name ")[1].split()[0] for p in puts] == ["/sparkflow/prod/tools/compose",
                                                                "/sparkflow/prod/bundle/current"]
    pointer = json.loads(puts[1].split("--value ", 1)[1])
    assert pointer == {"bucket": "sparkflow-prod-artifacts-1", "key": "bundles/abc123/sparkflow-airflow-bundle.zip",
                       "sha256": hashlib.sha256(b"bundle").hexdigest(), "version": "abc123"}


def test_a_bundle_changed_after_it_was_built_is_not_pointed_at(release: dict):
    (release["root"] / "build/bundle/sparkflow-airflow-bundle.zip").write_bytes(b"tampered")
    result = run(release)
    assert result.returncode != 0 and "differs from the builder's" in result.stderr
    assert "put-parameter" not in release["log"].read_text()


def test_a_missing_build_output_stops_before_any_pointer(release: dict):
    (release["root"] / "launcher-lambda/target/launcher-lambda.jar").unlink()
    result = run(release)
    assert result.returncode != 0 and "missing build output" in result.stderr
    assert "put-parameter" not in release["log"].read_text()


# --- publish-images.sh: build, push, mirror, by digest ------------------------------------------------------------

REGISTRY = "111122223333.dkr.ecr.eu-central-1.amazonaws.com"
AIRFLOW_DIGEST = "sha256:" + "a" * 64
POSTGRES_DIGEST = "sha256:" + "b" * 64
SUPERSET_DIGEST = "sha256:" + "c" * 64
FAKE_ECR = """#!/usr/bin/env bash
# A fake aws (ECR only) and docker: calls are recorded; $FAKE_ECR/<repository>/<tag> holds a pushed tag's digest.
printf '%s %s\\n' "$(basename "$0")" "$*" >> "$FAKE_LOG"
case "$(basename "$0") $1 $2" in
  "aws ecr describe-repositories") echo "$FAKE_REGISTRY/${4}" ;;
  "aws ecr get-login-password") echo token ;;
  "aws ecr describe-images")
    tag=${6#imageTag=}; [[ -f "$FAKE_ECR/$4/$tag" ]] || { echo "ImageNotFoundException" >&2; exit 254; }
    cat "$FAKE_ECR/$4/$tag" ;;
  "docker login "*) cat > /dev/null ;;
  "docker buildx build")
    for arg; do [[ $prev == --tag ]] && ref=$arg; [[ $prev == --metadata-file ]] && meta=$arg; prev=$arg; done
    digest=$FAKE_AIRFLOW_DIGEST; [[ $ref != *-superset:* ]] || digest=$FAKE_SUPERSET_DIGEST
    repo=${ref#*/}; mkdir -p "$FAKE_ECR/${repo%%:*}"; echo "$digest" > "$FAKE_ECR/${repo%%:*}/${repo#*:}"
    printf '{"containerimage.digest": "%s"}' "$digest" > "$meta" ;;
  "docker buildx imagetools")
    repo=${5#*/}; mkdir -p "$FAKE_ECR/${repo%%:*}"; echo "$FAKE_POSTGRES_DIGEST" > "$FAKE_ECR/${repo%%:*}/${repo#*:}" ;;
esac
"""


@pytest.fixture
def images(tmp_path: Path) -> dict:
    root = tmp_path / "repo"
    (root / "infra/deploy").mkdir(parents=True)
    shutil.copy(REPO / "infra/deploy/publish-images.sh", root / "infra/deploy/publish-images.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("aws", "docker"):
        (bin_dir / tool).write_text(FAKE_ECR)
        (bin_dir / tool).chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", FAKE_LOG=str(tmp_path / "calls.log"),
               FAKE_ECR=str(tmp_path / "ecr"), FAKE_REGISTRY=REGISTRY, FAKE_AIRFLOW_DIGEST=AIRFLOW_DIGEST,
               FAKE_POSTGRES_DIGEST=POSTGRES_DIGEST, FAKE_SUPERSET_DIGEST=SUPERSET_DIGEST, SPARKFLOW_ENV="prod", RELEASE_VERSION="abc123",
               POSTGRES_SOURCE="docker.io/library/postgres:16.10-bookworm")
    return {"root": root, "env": env, "log": tmp_path / "calls.log"}


def test_images_are_pushed_and_printed_by_digest(images: dict):
    result = run(images, "publish-images.sh")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"IMAGE_AIRFLOW={REGISTRY}/sparkflow-prod-airflow@{AIRFLOW_DIGEST}\n"
                             f"IMAGE_POSTGRES={REGISTRY}/sparkflow-prod-postgres@{POSTGRES_DIGEST}\n"
                             f"IMAGE_SUPERSET={REGISTRY}/sparkflow-prod-superset@{SUPERSET_DIGEST}\n")
    calls = images["log"].read_text().splitlines()
    assert f"docker login --username AWS --password-stdin {REGISTRY}" in calls
    builds = [c for c in calls if c.startswith("docker buildx build")]
    assert len(builds) == 2
    for build, name in zip(builds, ("airflow", "superset")):
        assert f"--file {name}/Dockerfile " in build, build
        assert f"--tag {REGISTRY}/sparkflow-prod-{name}:abc123" in build and build.endswith("--push ."), build
    assert (f"docker buildx imagetools create --tag {REGISTRY}/sparkflow-prod-postgres:16.10-bookworm "
            "docker.io/library/postgres:16.10-bookworm") in calls


def test_a_tag_already_pushed_is_read_back_not_pushed_again(images: dict):
    assert run(images, "publish-images.sh").returncode == 0
    images["log"].write_text("")
    again = run(images, "publish-images.sh")
    assert again.returncode == 0, again.stderr
    assert all(f"@{digest}" in again.stdout for digest in (AIRFLOW_DIGEST, POSTGRES_DIGEST, SUPERSET_DIGEST))
    assert not [c for c in images["log"].read_text().splitlines() if c.startswith("docker buildx")]


@pytest.mark.parametrize("image", ["AIRFLOW", "SUPERSET"])
def test_no_digest_is_an_error_and_prints_no_reference(images: dict, image: str):
    images["env"][f"FAKE_{image}_DIGEST"] = "sha256:short"
    result = run(images, "publish-images.sh")
    assert result.returncode != 0 and "no digest for an image" in result.stderr
    assert "IMAGE_" not in result.stdout
