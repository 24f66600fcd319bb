"""The image repositories (modules/registry): immutable tags, scan on push, KMS encryption, a lifecycle that keeps
the last images, no repository policy; and the deploy and plan roles' share of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import iampolicy
import tfrules
from iampolicy import ACCOUNT, PARTITION, REGION, allowed

REPO = Path(__file__).resolve().parents[2]
REPOSITORY = f"arn:{PARTITION}:ecr:{REGION}:{ACCOUNT}:repository/sparkflow-prod-airflow"
PUSH = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
        "ecr:BatchCheckLayerAvailability"]


@pytest.fixture(scope="module")
def registry() -> tfrules.Module:
    return next(m for m in tfrules.modules(REPO) if m.path.name == "registry")


def test_repositories_have_immutable_tags_scan_on_push_and_kms(registry):
    repository = dict(registry.resources("aws_ecr_repository"))["this"]
    assert tfrules.attr(repository, "image_tag_mutability") == "IMMUTABLE"
    assert tfrules.attr(tfrules.blocks(repository, "image_scanning_configuration")[0], "scan_on_push") is True
    assert tfrules.attr(tfrules.blocks(repository, "encryption_configuration")[0], "encryption_type") == "KMS"
    assert not registry.resources("aws_ecr_repository_policy"), "access is IAM only"


def test_every_repository_keeps_its_last_tagged_images(registry):
    policy = dict(registry.resources("aws_ecr_lifecycle_policy"))["this"]
    assert tfrules.attr(policy, "for_each") == "${aws_ecr_repository.this}"
    text = registry.texts["main.tf"]
    for needed in ('countType      = "imageCountMoreThan"', "countNumber    = var.keep_images",
                   'tagStatus      = "tagged"', 'action = { type = "expire" }'):
        assert needed in text, needed
    keep = next(body for name, _, body in registry.items("variable") if name == "keep_images")
    assert tfrules.attr(keep, "default") == 10


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    return iampolicy.identity_documents(REPO)


def test_the_deploy_role_creates_and_pushes_to_the_stacks_repositories_only(documents):
    deploy = [documents["bootstrap/deploy"]]
    assert allowed(deploy, "ecr:GetAuthorizationToken", "*")
    for action in [*PUSH, "ecr:CreateRepository", "ecr:PutLifecyclePolicy", "ecr:DescribeImages"]:
        assert allowed(deploy, action, REPOSITORY), action
        assert not allowed(deploy, action, REPOSITORY.replace("sparkflow-prod-airflow", "other-app")), action
    for action in ("ecr:SetRepositoryPolicy", "ecr:BatchDeleteImage", "ecr:PutRegistryPolicy",
                   "ecr:PutReplicationConfiguration"):
        assert not allowed(deploy, action, REPOSITORY), action


def test_the_plan_role_only_describes_the_repositories(documents):
    plan = [documents["bootstrap/plan"]]
    assert allowed(plan, "ecr:DescribeRepositories", REPOSITORY)
    assert allowed(plan, "ecr:GetLifecyclePolicy", REPOSITORY)
    for action in [*PUSH, "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:CreateRepository",
                   "ecr:GetAuthorizationToken"]:
        assert not allowed(plan, action, REPOSITORY), action
        assert not allowed(plan, action, "*"), action


def test_the_boundary_lets_the_instance_roles_pull(documents):
    boundary = [documents["bootstrap/permissions_boundary"]]
    for action in ("ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                   "ecr:BatchCheckLayerAvailability"):
        assert allowed(boundary, action, REPOSITORY if action != "ecr:GetAuthorizationToken" else "*"), action
    # The boundary caps the stack's roles below the deploy role: no role under it can push an image.
    for action in PUSH[:-1]:
        assert not allowed(boundary, action, REPOSITORY), action


def test_the_dashboards_image_has_a_repository_the_deploy_role_pushes_to(registry, documents):
    images = next(body for name, _, body in registry.items("variable") if name == "images")
    assert "superset" in tfrules.attr(images, "default")
    for action in PUSH:
        assert allowed([documents["bootstrap/deploy"]], action, REPOSITORY.replace("-airflow", "-superset")), action
