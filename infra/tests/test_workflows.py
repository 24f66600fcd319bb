"""The GitHub workflows: pinned actions, least-privilege permissions, OIDC only where it deploys, a gated apply,
LocalStack only with its token."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
USES = re.compile(r"^\s*-?\s*uses:\s*(\S+)(.*)$", re.MULTILINE)


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_their_version(workflow: Path):
    uses = USES.findall(workflow.read_text(encoding="utf-8"))
    assert uses
    for action, rest in uses:
        if action.startswith("./"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}", action), f"{action} is not pinned by SHA"
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", rest), f"{action} lacks its '# vX.Y.Z' comment"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_starts_with_a_header_and_sets_permissions(workflow: Path):
    text = workflow.read_text(encoding="utf-8")
    assert text.startswith("# "), "a header comment says what the workflow does and when"
    data = load(workflow)
    assert "permissions" in data and "concurrency" in data
    assert data["defaults"]["run"]["shell"] == "bash", "GitHub's bash default adds pipefail only when named"
    assert data["permissions"] in ({}, {"contents": "read"})


def test_only_deploy_jobs_may_request_an_oidc_token():
    for workflow in WORKFLOWS:
        data = load(workflow)
        assert "id-token" not in (data["permissions"] or {})
        for name, job in data["jobs"].items():
            if job.get("permissions", {}).get("id-token") == "write":
                assert workflow.name == "deploy.yml", f"{workflow.name}:{name} asks for an OIDC token"


def test_ci_runs_make_test_on_pull_requests_and_pushes():
    data = load(REPO / ".github/workflows/ci.yml")
    assert set(data["on"]) == {"pull_request", "push"}
    steps = [s.get("run", "") for job in data["jobs"].values() for s in job["steps"]]
    assert "make test" in steps


def test_deploy_applies_only_in_the_protected_environment_after_a_plan():
    data = load(REPO / ".github/workflows/deploy.yml")
    assert set(data["on"]) == {"push", "workflow_dispatch"} and data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"]["cancel-in-progress"] is False
    jobs = data["jobs"]
    for name, job in jobs.items():
        runs = "\n".join(step.get("run", "") for step in job["steps"])
        if "terraform apply" in runs:
            assert job.get("environment") == "production", f"{name} applies outside the production environment"
            assert "plan" in job.get("needs", [])
    deploy = jobs["deploy"]
    runs = "\n".join(step.get("run", "") for step in deploy["steps"])
    for command in ("make build", "mvn -B -ntp -pl launcher-lambda -am package -DskipTests",
                    "infra/deploy/publish-images.sh", "make bundle", "infra/deploy/publish-release.sh",
                    "terraform init", "terraform plan", "terraform apply"):
        assert command in runs
    order = [runs.index(c) for c in ("make build\n", "terraform init", "publish-images.sh", "make bundle",
                                     "publish-release.sh", "terraform apply tfplan")]
    assert order == sorted(order), "build, create the repositories, push the images, bundle, upload, then apply"


def deploy_steps() -> list[dict]:
    return load(REPO / ".github/workflows/deploy.yml")["jobs"]["deploy"]["steps"]


def test_deploy_pushes_the_images_with_the_write_role_then_bundles_them_by_digest():
    steps = deploy_steps()
    names = [step.get("uses", "") or step.get("run", "") for step in steps]
    credentials = next(i for i, n in enumerate(names) if n.startswith("aws-actions/configure-aws-credentials@"))
    images = next(i for i, n in enumerate(names) if "infra/deploy/publish-images.sh" in n)
    bundle = next(i for i, n in enumerate(names) if n.startswith("make bundle"))
    assert credentials < images < bundle
    assert steps[images]["run"] == 'infra/deploy/publish-images.sh | tee -a "$GITHUB_ENV"'
    assert steps[bundle]["run"] == ('make bundle IMAGE_AIRFLOW="$IMAGE_AIRFLOW" IMAGE_POSTGRES="$IMAGE_POSTGRES" '
                                    'IMAGE_SUPERSET="$IMAGE_SUPERSET"')
    assert not any("make build bundle" in n or "make bundle" in n for n in names[:images])


def test_the_first_deploy_creates_the_image_repositories_before_pushing():
    init = next(step["run"] for step in deploy_steps() if step.get("run", "").startswith("terraform init"))
    # Every image's repository: a deploy that adds one (superset) creates it before pushing to it.
    assert "for image in airflow postgres superset; do" in init
    assert 'terraform state show "module.registry.aws_ecr_repository.this[\\"$image\\"]"' in init
    assert "-target=module.registry" in init


def test_the_images_are_built_and_pushed_with_the_plain_cli_and_read_back_by_digest():
    script = (REPO / "infra/deploy/publish-images.sh").read_text(encoding="utf-8")
    for needed in ("aws ecr get-login-password | docker login --username AWS --password-stdin",
                   'docker buildx build --file "$name/Dockerfile"', "--metadata-file", "--push .",
                   'build_and_push airflow "$airflow_repository"', 'build_and_push superset "$superset_repository"',
                   'docker buildx imagetools create --tag "$postgres_repository:$postgres_tag" "$POSTGRES_SOURCE"',
                   "^sha256:[0-9a-f]{64}$"):
        assert needed in script, needed
    env = load(REPO / ".github/workflows/deploy.yml")["env"]
    assert re.fullmatch(r"docker\.io/library/postgres:\d+\.\d+-[a-z]+", env["POSTGRES_SOURCE"])


def test_deploy_assumes_the_role_through_oidc_without_stored_keys():
    text = (REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert "aws-actions/configure-aws-credentials@" in text
    assert "role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}" in text
    assert "secrets." not in text and "aws-access-key-id" not in text


def roles_assumed(job: dict) -> list[str]:
    return [step["with"]["role-to-assume"] for step in job["steps"]
            if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]


def test_plan_uses_the_read_only_role_and_only_the_production_job_the_write_role():
    jobs = load(REPO / ".github/workflows/deploy.yml")["jobs"]
    for name, job in jobs.items():
        roles = roles_assumed(job)
        if "${{ vars.AWS_DEPLOY_ROLE_ARN }}" in roles:
            assert job.get("environment") == "production", f"{name} assumes the write role outside production"
            assert job.get("if") == "github.ref == 'refs/heads/main'", name
    assert roles_assumed(jobs["plan"]) == ["${{ vars.AWS_PLAN_ROLE_ARN }}"]
    assert jobs["plan"]["if"] == "vars.AWS_PLAN_ROLE_ARN != ''"
    assert roles_assumed(jobs["deploy"]) == ["${{ vars.AWS_DEPLOY_ROLE_ARN }}"]
    plan = "\n".join(step.get("run", "") for step in jobs["plan"]["steps"])
    assert "terraform plan -lock=false -refresh=false " in plan and "terraform apply" not in plan


def localstack_steps() -> list[dict]:
    return load(REPO / ".github/workflows/localstack.yml")["jobs"]["java-on-localstack"]["steps"]


def test_localstack_runs_the_java_tests_on_localstack_only_when_the_token_is_set():
    steps = localstack_steps()
    check = steps[0]
    assert check["env"] == {"LOCALSTACK_AUTH_TOKEN": "${{ secrets.LOCALSTACK_AUTH_TOKEN }}"}
    for step in steps[1:]:
        assert "steps.token.outputs.present == 'true'" in step["if"], step
    tests = next(step for step in steps if "mvn" in step.get("run", ""))
    assert tests["env"] == {"SPARKFLOW_EMULATOR": "localstack",
                            "LOCALSTACK_AUTH_TOKEN": "${{ secrets.LOCALSTACK_AUTH_TOKEN }}"}
    assert tests["run"].startswith("mvn -B -ntp verify -pl ")
    assert {"test-support", "emr-jobs", "launcher-lambda"} <= set(tests["run"].split("-pl ")[1].split(","))
    # The token reaches only the step that looks for it and the one that needs it.
    assert [i for i, step in enumerate(steps) if "secrets." in str(step)] == [0, steps.index(tests)]


@pytest.mark.parametrize("token", ["", "ls-token"])
def test_localstack_says_in_the_summary_when_it_did_not_run(tmp_path: Path, token: str):
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {"PATH": os.environ["PATH"], "LOCALSTACK_AUTH_TOKEN": token,
           "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}
    subprocess.run(["bash", "-eo", "pipefail", "-c", localstack_steps()[0]["run"]], env=env, check=True)
    if token:
        assert output.read_text() == "present=true\n" and not summary.exists()
    else:
        assert output.read_text() == "present=false\n"
        text = summary.read_text()
        assert text.startswith("### The Java tests did not run on LocalStack\n")
        assert "`LOCALSTACK_AUTH_TOKEN` is not set" in text and "runs every test on moto" in text
