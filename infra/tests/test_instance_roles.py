"""The pipeline and dev instances: one role each, under the permissions boundary, each reading only its own SSM
tree and its own backups, reaching Session Manager through a minimal policy of its own (no AWS-managed policy).

The instance policy is rendered once per profile (the for_each of modules/launcher/instance.tf) and evaluated
together with the permissions boundary, as IAM does for a bounded role."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import iampolicy
import tfrules
from iampolicy import ACCOUNT, PARTITION, REGION, allowed

REPO = Path(__file__).resolve().parents[2]
PLATFORM = yaml.safe_load((REPO / "config/platform.yml").read_text(encoding="utf-8"))
PROFILES = ("pipeline", "dev")
ENV = "prod"
SSM_PREFIX = PLATFORM["ssm"]["prefix"].replace("{env}", ENV)
ARTIFACTS = f"arn:{PARTITION}:s3:::sparkflow-prod-artifacts-{ACCOUNT}-{REGION}"
LAKE = f"arn:{PARTITION}:s3:::sparkflow-prod-lake-{ACCOUNT}-{REGION}"
ZONES = yaml.safe_load((REPO / "config/lake.yml").read_text(encoding="utf-8"))["zones"]
PARAMETER = f"arn:{PARTITION}:ssm:{REGION}:{ACCOUNT}:parameter"
AIRFLOW_LOGS = "logs/airflow"
INSTANCE = f"arn:{PARTITION}:ec2:{REGION}:{ACCOUNT}:instance/i-0123456789abcdef0"
REGISTRY = f"arn:{PARTITION}:ecr:{REGION}:{ACCOUNT}:repository"
REPOSITORIES = {image: f"{REGISTRY}/sparkflow-{ENV}-{image}" for image in ("airflow", "postgres", "superset")}
# What the root stack hands the launcher (main.tf's profile_images): the dashboards' image for dev only.
PROFILE_IMAGES = {"pipeline": ("airflow", "postgres"), "dev": ("airflow", "postgres", "superset")}
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
PUSH_OR_MANAGE = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
                  "ecr:BatchDeleteImage", "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy",
                  "ecr:PutImageTagMutability", "ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy",
                  "ecr:PutImageScanningConfiguration", "ecr:StartImageScan", "ecr:ReplicateImage"]
SESSION_MANAGER = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                   "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]


def launcher() -> tfrules.Module:
    return module_named("launcher")


def module_named(name: str) -> tfrules.Module:
    return next(m for m in tfrules.modules(REPO) if m.path.name == name)


def jobs_lake_writes() -> dict:
    """modules/emr's jobs_lake_writes, which main.tf hands the launcher as jobs_lake_writes_policy_json."""
    return iampolicy.render(module_named("emr"), "jobs_lake_writes", {
        "var.lake_bucket_arn": LAKE, **{f'var.lake_zones["{zone}"]': prefix for zone, prefix in ZONES.items()}})


def instance_policy(module: tfrules.Module, profile: str) -> dict:
    """The instance document with its source_policy_documents merged in, as Terraform merges them."""
    assert tfrules.attr(module.data("aws_iam_policy_document")["instance"], "source_policy_documents") == [
        "${var.jobs_lake_writes_policy_json}"]
    policy = iampolicy.render(module, "instance", {
        "each.key": profile,
        "var.ssm_prefix": SSM_PREFIX,
        "var.artifacts_bucket_arn": ARTIFACTS,
        "var.artifact_prefixes.bundles": PLATFORM["artifacts"]["bundle"].split("/")[0],
        "var.artifact_prefixes.tools": PLATFORM["artifacts"]["compose"].split("/")[0],
        "var.artifact_prefixes.backups": PLATFORM["artifacts"]["metadata_backup"].split("/")[0],
        "var.artifact_prefixes.logs": AIRFLOW_LOGS,
        "var.image_repository_arns[each.key]": [REPOSITORIES[image] for image in PROFILE_IMAGES[profile]],
        "var.lake_bucket_arn": LAKE,
        **{f'local.zones["{zone}"]': prefix for zone, prefix in ZONES.items()},
    })
    policy["Statement"] += jobs_lake_writes()["Statement"]
    return policy


@pytest.fixture(scope="module")
def policies() -> dict[str, list[dict]]:
    """Per profile: the instance's own policy and the permissions boundary, both of which must allow a request."""
    boundary = iampolicy.identity_documents(REPO)["bootstrap/permissions_boundary"]
    module = launcher()
    return {profile: [instance_policy(module, profile), boundary] for profile in PROFILES}


def airflow_parameter(profile: str, name: str) -> str:
    prefix = PLATFORM["ssm"]["airflow_prefix"].replace("{env}", ENV).replace("{profile}", profile)
    return f"{PARAMETER}{prefix}/{name}"


def backup(profile: str) -> str:
    return f"{ARTIFACTS}/{PLATFORM['artifacts']['metadata_backup'].replace('{profile}', profile)}"


def other(profile: str) -> str:
    return next(p for p in PROFILES if p != profile)


def test_each_profile_has_its_own_bounded_role_and_instance_profile():
    module = launcher()
    roles = dict(module.resources("aws_iam_role"))
    profiles = dict(module.resources("aws_iam_instance_profile"))
    for kind in (roles, profiles):
        assert tfrules.attr(kind["instance"], "for_each") == "${local.profile_security_groups}"
    assert tfrules.attr(roles["instance"], "name") == "${var.name}-${each.key}"
    assert tfrules.attr(roles["instance"], "permissions_boundary") == "${var.permissions_boundary_arn}"
    assert tfrules.attr(profiles["instance"], "role") == "${aws_iam_role.instance[each.key].name}"
    assert set(module.locals()["profile_security_groups"]) == set(PROFILES)


def test_each_launch_template_carries_its_own_profiles_instance_profile():
    """The launcher starts a profile from that profile's template (LauncherConfig.launchTemplateFor), so the
    template decides which role the instance gets: it must be the profile's own."""
    templates = dict(launcher().resources("aws_launch_template"))
    template = templates["this"]
    assert tfrules.attr(template, "for_each") == "${local.profile_security_groups}"
    assert tfrules.attr(tfrules.blocks(template, "iam_instance_profile")[0], "arn") == \
        "${aws_iam_instance_profile.instance[each.key].arn}"


def test_the_launcher_passes_only_the_two_instance_roles():
    lambda_policy = {s.get("Sid"): s for s in iampolicy.render(launcher(), "lambda")["Statement"]}
    passed = lambda_policy["PassOnlyTheInstanceRoles"]["Resource"]
    assert passed == ['unresolved:aws_iam_role.instance["pipeline"].arn', 'unresolved:aws_iam_role.instance["dev"].arn']


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_reads_its_own_airflow_parameters_and_the_pointers(policies, profile):
    for name in [*PLATFORM["ssm"]["airflow_secrets"], "variables/sparkflow_lake", "connections/aws_default"]:
        assert allowed(policies[profile], "ssm:GetParameter", airflow_parameter(profile, name)), name
    prefix = PLATFORM["ssm"]["airflow_prefix"].replace("{env}", ENV).replace("{profile}", profile)
    assert allowed(policies[profile], "ssm:GetParametersByPath", f"{PARAMETER}{prefix}/variables")
    rendered = {s.get("Sid"): s for s in policies[profile][0]["Statement"]}
    # The pointers' ARNs come from a for expression over var.shared_parameters (root: the two pointer names).
    assert rendered["ReadPointers"]["Action"] == ["ssm:GetParameter"]
    root = next(m for m in tfrules.modules(REPO) if m.path == REPO / tfrules.TF_ROOT)
    call = next(body for c in root.files["main.tf"]["module"] for name, body in c.items() if name == "launcher")
    assert call["shared_parameters"] == [["${local.ssm.bundle_pointer}", "${local.ssm.compose_pointer}"]]


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_cannot_read_the_other_profiles_parameters(policies, profile):
    theirs = other(profile)
    for name in [*PLATFORM["ssm"]["airflow_secrets"], "variables/sparkflow_lake"]:
        for action in ("ssm:GetParameter", "ssm:GetParameters"):
            assert not allowed(policies[profile], action, airflow_parameter(theirs, name)), (action, name)
    assert not allowed(policies[profile], "ssm:GetParametersByPath", f"{PARAMETER}{SSM_PREFIX}/{theirs}")
    # Nor the whole deployment's tree, another deployment's, or anything outside /sparkflow/.
    assert not allowed(policies[profile], "ssm:GetParametersByPath", f"{PARAMETER}{SSM_PREFIX}")
    assert not allowed(policies[profile], "ssm:GetParameter", airflow_parameter(profile, "fernet-key")
                       .replace(f"/{ENV}/", "/staging/"))
    assert not allowed(policies[profile], "ssm:GetParameter", f"{PARAMETER}/other-app/database-password")


def test_only_the_dev_instance_reads_the_dashboards_secrets(policies):
    prefix = PLATFORM["ssm"]["superset_prefix"].replace("{env}", ENV)
    assert prefix.startswith(f"{SSM_PREFIX}/dev/"), "the dashboards' secrets belong to the dev tree"
    for name in PLATFORM["ssm"]["superset_secrets"]:
        assert allowed(policies["dev"], "ssm:GetParameter", f"{PARAMETER}{prefix}/{name}"), name
        assert not allowed(policies["pipeline"], "ssm:GetParameter", f"{PARAMETER}{prefix}/{name}"), name


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_reads_and_writes_only_its_own_backups(policies, profile):
    mine, theirs = backup(profile), backup(other(profile))
    for action in ("s3:GetObject", "s3:PutObject"):
        assert allowed(policies[profile], action, mine), action
        assert not allowed(policies[profile], action, theirs), action
    logs = PLATFORM["artifacts"]["logs_backup"]
    assert allowed(policies[profile], "s3:PutObject", f"{ARTIFACTS}/{logs.replace('{profile}', profile)}i-1/x.log")
    assert not allowed(policies[profile], "s3:PutObject",
                       f"{ARTIFACTS}/{logs.replace('{profile}', other(profile))}i-1/x.log")
    assert allowed(policies[profile], "s3:ListBucket", ARTIFACTS, {"s3:prefix": f"backups/{profile}/"})
    assert not allowed(policies[profile], "s3:ListBucket", ARTIFACTS, {"s3:prefix": f"backups/{other(profile)}/"})


@pytest.mark.parametrize("profile", PROFILES)
def test_the_local_engine_writes_the_lake_as_the_emr_cluster_does_and_no_more(policies, profile):
    """A small batch's jobs run on the instance: they archive to raw/ and rewrite the zones they own."""
    for zone in ("validated", "quarantine", "curated", "reports", "resolved"):
        for action in ("s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"):
            assert allowed(policies[profile], action, f"{LAKE}/{ZONES[zone]}/transactions/part-0.parquet"), (zone, action)
    raw = f"{LAKE}/{ZONES['raw']}/transactions/ingest_date=2026-12-07/batch_id=b/a.csv"
    assert allowed(policies[profile], "s3:PutObject", raw)
    assert not allowed(policies[profile], "s3:DeleteObject", raw)  # the archive is only added to
    assert allowed(policies[profile], "s3:DeleteObject", f"{LAKE}/{ZONES['landing']}/transactions/a.csv")
    assert not allowed(policies[profile], "s3:PutObject", f"{LAKE}/{ZONES['landing']}/transactions/a.csv")
    assert not allowed(policies[profile], "s3:PutObject", f"{LAKE}/elsewhere/x")
    assert not allowed(policies[profile], "s3:PutObject", f"{ARTIFACTS}/jars/v1/emr-jobs.jar")


@pytest.mark.parametrize("profile", PROFILES)
def test_session_manager_through_the_minimal_policy_only(policies, profile):
    for action in SESSION_MANAGER:
        assert allowed(policies[profile], action, "*"), action
    assert allowed(policies[profile], "ssm:UpdateInstanceInformation", INSTANCE)
    # What AmazonSSMManagedInstanceCore grants beyond Session Manager: documents, associations, inventory,
    # Run Command's message channel and every parameter of the account.
    for action, resource in (("ssm:GetDocument", f"arn:{PARTITION}:ssm:{REGION}:{ACCOUNT}:document/any"),
                             ("ssm:ListInstanceAssociations", "*"), ("ssm:PutInventory", "*"),
                             ("ec2messages:GetMessages", "*"),
                             ("ssm:GetParameter", f"{PARAMETER}/any/parameter")):
        assert not allowed(policies[profile], action, resource), action


def test_no_instance_role_carries_an_aws_managed_policy():
    module = launcher()
    assert not list(module.resources("aws_iam_role_policy_attachment"))
    assert ":iam::aws:policy/" not in "".join(module.texts.values())


def test_deploy_cannot_attach_the_ssm_managed_instance_core_policy():
    deploy = iampolicy.identity_documents(REPO)["bootstrap/deploy"]
    core = f"arn:{PARTITION}:iam::aws:policy/AmazonSSMManagedInstanceCore"
    boundary = f"arn:{PARTITION}:iam::{ACCOUNT}:policy/{PLATFORM['iam']['permissions_boundary']}"
    assert not allowed([deploy], "iam:AttachRolePolicy", f"arn:{PARTITION}:iam::{ACCOUNT}:role/sparkflow-prod-dev",
                       {"iam:PolicyARN": core, "iam:PermissionsBoundary": boundary})


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_writes_only_its_own_airflow_task_logs(policies, profile):
    mine = f"{ARTIFACTS}/{AIRFLOW_LOGS}/{profile}/dag_id=d/run_id=r/task_id=t/attempt=1.log"
    assert allowed(policies[profile], "s3:PutObject", mine)
    assert allowed(policies[profile], "s3:ListBucket", ARTIFACTS, {"s3:prefix": f"{AIRFLOW_LOGS}/{profile}/dag_id=d/"})
    for other_key in (mine.replace(f"/{profile}/", f"/{other(profile)}/"), f"{ARTIFACTS}/logs/emr/j-1/steps/s-1/stderr.gz",
                      f"{ARTIFACTS}/logs/s3-access/lake/2026/12/06/entry",
                      f"{ARTIFACTS}/logs/cloudtrail/AWSLogs/{ACCOUNT}/CloudTrail/{REGION}/2026/12/06/x.json.gz"):
        for action in ("s3:GetObject", "s3:PutObject"):
            assert not allowed(policies[profile], action, other_key), (action, other_key)


def test_the_airflow_log_folder_is_the_prefix_the_instance_roles_are_granted():
    root = next(m for m in tfrules.modules(REPO) if m.path == REPO / tfrules.TF_ROOT)
    call = next(body for c in root.files["main.tf"]["module"] for name, body in c.items() if name == "launcher")
    assert call["artifact_prefixes"][0]["logs"] == "${local.airflow_logs}"
    assert call["airflow_environment"][0]["remote_log_folder"] == \
        "s3://${module.storage.artifacts_bucket_name}/${local.airflow_logs}"
    assert root.locals()["airflow_logs"] == "${local.logs_prefix}/airflow"
    boot = (REPO / "launcher-lambda/src/main/resources/userdata/boot.sh").read_text(encoding="utf-8")
    assert 'AIRFLOW_REMOTE_BASE_LOG_FOLDER "$airflow_log_folder/$profile"' in boot


# --- images: pull this deployment's repositories of the profile's images, nothing else -----------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_pulls_its_images_from_its_repositories(policies, profile):
    assert allowed(policies[profile], "ecr:GetAuthorizationToken", "*")
    for image in PROFILE_IMAGES[profile]:
        for action in PULL:
            assert allowed(policies[profile], action, REPOSITORIES[image]), (action, image)


def test_only_the_dev_instance_pulls_the_dashboards_image(policies):
    for action in PULL:
        assert allowed(policies["dev"], action, REPOSITORIES["superset"]), action
        assert not allowed(policies["pipeline"], action, REPOSITORIES["superset"]), action


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_cannot_pull_from_another_repository(policies, profile):
    others = [f"{REGISTRY}/sparkflow-staging-airflow", f"{REGISTRY}/sparkflow-staging-superset",
              f"{REGISTRY}/other-app", f"{REGISTRY}/sparkflow-{ENV}-airflow-debug",
              REPOSITORIES["airflow"].replace(ACCOUNT, "444455556666"),
              REPOSITORIES["airflow"].replace(REGION, "us-east-1")]
    for repository in others:
        for action in PULL:
            assert not allowed(policies[profile], action, repository), (action, repository)


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_cannot_push_or_change_an_image_or_a_repository(policies, profile):
    for repository in [*REPOSITORIES.values(), f"{REGISTRY}/sparkflow-{ENV}-new", "*"]:
        for action in PUSH_OR_MANAGE:
            assert not allowed(policies[profile], action, repository), (action, repository)
    rendered = {s.get("Sid"): s for s in policies[profile][0]["Statement"]}
    ecr = {action for statement in rendered.values() for action in statement["Action"] if action.startswith("ecr:")}
    assert ecr == {"ecr:GetAuthorizationToken", *PULL}
    assert rendered["RegistryLogin"]["Resource"] == ["*"]
    assert rendered["RegistryLogin"]["Action"] == ["ecr:GetAuthorizationToken"]


def test_the_instance_roles_pull_from_the_registry_modules_repositories_which_boot_expects():
    root = next(m for m in tfrules.modules(REPO) if m.path == REPO / tfrules.TF_ROOT)
    calls = {name: body for c in root.files["main.tf"]["module"] for name, body in c.items()}
    assert calls["launcher"]["image_repository_arns"] == [
        # (python-hcl2 writes "profile , images")
        "${{for profile , images in local.profile_images : profile => "
        "[for image in images : module.registry.repository_arns[image]]}}"]
    assert {k: tuple(v) for k, v in root.locals()["profile_images"].items()} == PROFILE_IMAGES
    assert calls["registry"]["name"] == ["${local.name}"]
    assert root.locals()["name"] == "sparkflow-${var.environment}"
    registry = next(m for m in tfrules.modules(REPO) if m.path.name == "registry")
    repository = dict(registry.resources("aws_ecr_repository"))["this"]
    assert tfrules.attr(repository, "name") == "${var.name}-${each.key}"
    images = next(body for name, _, body in registry.items("variable") if name == "images")
    assert tfrules.attr(images, "default") == ["airflow", "postgres", "superset"]
    # boot.sh accepts only <this account>.dkr.ecr.<region>.amazonaws.com/sparkflow-<env>-<image>@sha256:<digest>.
    boot = (REPO / "launcher-lambda/src/main/resources/userdata/boot.sh").read_text(encoding="utf-8")
    assert '^"$registry/sparkflow-$env_name-$name@sha256:"[0-9a-f]{64}$ ]]' in boot
    # The images each profile pulls are the ones its role may pull (main.tf's profile_images).
    assert "image_names='airflow postgres'" in boot
    assert "if [[ $profile == dev ]]; then image_names+=' superset'; fi" in boot
    assert "for name in $image_names; do" in boot
