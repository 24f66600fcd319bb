"""The project's Terraform rules hold on infra/terraform, and each one catches its rule broken on purpose."""

from __future__ import annotations

import re
from pathlib import Path

import hcl2
import pytest

import tfrules

REPO = Path(__file__).resolve().parents[2]
TF_FILES = sorted(p for p in (REPO / "infra/terraform").rglob("*.tf") if ".terraform" not in p.parts)


@pytest.mark.parametrize("tf", TF_FILES, ids=lambda p: str(p.relative_to(REPO / "infra/terraform")))
def test_every_tf_file_parses(tf: Path):
    assert hcl2.loads(tf.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("rule", sorted(tfrules.RULES))
def test_rule_holds_on_the_repository(repo: Path, rule: str):
    assert tfrules.RULES[rule](repo) == []


def edit(tree: Path, file: str, old: str, new: str, count: int = 1) -> None:
    """Replaces old by new in a copied file, failing if old is not there (so a mutation can never go stale)."""
    path = tree / "infra/terraform" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# (rule, file, old, new, what the problem report must mention)
BREAKAGES = [
    ("overbroad_iam", "modules/launcher/iam.tf", 'actions   = ["ec2:TerminateInstances"]', 'actions   = ["*"]',
     "grants *"),
    ("overbroad_iam", "modules/launcher/iam.tf", 'actions   = ["elasticmapreduce:ListClusters"]',
     'actions   = ["ec2:*"]', "grants ec2:*"),
    ("overbroad_iam", "modules/launcher/iam.tf", '"ec2:DescribeInstanceStatus", "ec2:DescribeSecurityGroups"]',
     '"ec2:DescribeInstanceStatus", "ec2:TerminateInstances"]', "ec2:TerminateInstances supports"),
    ("loose_oidc_trust", "modules/github_oidc/main.tf", '      test     = "StringEquals"\n      variable = "${local.issuer}:sub"',
     '      test     = "StringLike"\n      variable = "${local.issuer}:sub"', "StringEquals"),
    ("loose_oidc_trust", "modules/github_oidc/main.tf", '"repo:${var.repository}:environment:${env}"',
     '"repo:${var.repository}:*"', "subjects"),
    ("loose_oidc_trust", "modules/github_oidc/main.tf", '"repo:${var.repository}:pull_request"',
     '"repo:*:pull_request"', "plan_subjects"),
    ("loose_oidc_trust", "modules/github_oidc/main.tf", '      test     = "StringLike"\n      variable = "${local.issuer}:sub"',
     '      test     = "ForAnyValue:StringLike"\n      variable = "${local.issuer}:sub"', "plan_trust"),
    ("loose_oidc_trust", "modules/github_oidc/main.tf", 'values   = ["sts.amazonaws.com"]', 'values   = ["*"]',
     "audience"),
    ("loose_oidc_trust", "modules/github_oidc/variables.tf", '[A-Za-z0-9._-]{1,100}$", var.repository',
     '[A-Za-z0-9._*-]{1,100}$", var.repository', "wildcard"),
    ("unguarded_buckets", "bootstrap/main.tf", 'status = "Enabled"\n  }\n}', 'status = "Suspended"\n  }\n}',
     "versioning"),
    ("unguarded_buckets", "modules/storage/main.tf", "restrict_public_buckets = true", "restrict_public_buckets = false",
     "public access block"),
    ("unguarded_buckets", "bootstrap/main.tf", 'sse_algorithm = "AES256"', 'sse_algorithm = ""', "encryption"),
    ("unguarded_buckets", "modules/storage/main.tf", 'bucket = aws_s3_bucket.this["artifacts"].id',
     'bucket = aws_s3_bucket.this["lake"].id', "lifecycle"),
    ("unguarded_buckets", "modules/storage/main.tf", 'variable = "aws:SecureTransport"', 'variable = "aws:SourceIp"',
     "TLS"),
    ("undocumented_interfaces", "modules/emr/variables.tf",
     '  description = "Subnet the clusters run in; tagged so the EMR v2 managed service policy may use it."\n', "",
     "variable subnet_id has no description"),
    ("undocumented_interfaces", "modules/launcher/variables.tf", '  type        = bool\n', "",
     "has no type"),
    ("undocumented_interfaces", "outputs.tf", '  description = "Name of the launcher Lambda function."\n', "",
     "output launcher_function_name"),
    ("copied_names", "parameters.tf", "bundle = local.ssm.bundle_pointer", 'bundle = "/sparkflow/prod/bundle/current"',
     "literal"),
    ("copied_names", "modules/launcher/instance.tf", '(var.tag_keys["managed"]) = "true"', '"sparkflow:managed" = "true"',
     "literal"),
    ("copied_names", "modules/launcher/iam.tf", "values   = [var.emr_component]", 'values   = ["emr-batch"]',
     "literal"),
    ("ssm_names_from_platform", "parameters.tf", "bundle = local.ssm.bundle_pointer", 'bundle = "${local.name}-bundle"',
     "without a parameter: ['bundle_pointer']"),
    ("ssm_names_from_platform", "parameters.tf", "value_wo = (", "value = (", "stored in the state"),
    ("lake_zones_from_lake_yml", "modules/launcher/main.tf", 'filter_prefix       = "${var.lake_zones["landing"]}/"',
     'filter_prefix       = "drop/"', "landing zone"),
    ("lake_zones_from_lake_yml", "main.tf", "lake_zones = local.lake.zones", 'lake_zones = { landing = "landing" }',
     "config/lake.yml"),
    ("unjustified_skips", "modules/guardrails/main.tf", "#checkov:skip=CKV_AWS_26:AWS Budgets",
     "#checkov:skip=CKV_AWS_26:\n  # AWS Budgets", "without a reason"),
]


@pytest.mark.parametrize("rule,file,old,new,mentions", BREAKAGES,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKAGES)])
def test_rule_catches_its_breakage(tree: Path, rule: str, file: str, old: str, new: str, mentions: str):
    edit(tree, file, old, new)
    problems = tfrules.RULES[rule](tree)
    assert any(mentions in problem for problem in problems), problems


def test_a_module_without_its_outputs_file_is_caught(tree: Path):
    (tree / "infra/terraform/modules/emr/outputs.tf").unlink()
    assert "infra/terraform/modules/emr: missing outputs.tf" in tfrules.incomplete_modules(tree)


def test_a_lake_yml_without_a_needed_zone_is_caught(tree: Path):
    lake_yml = tree / "config/lake.yml"
    lake_yml.write_text(re.sub(r"(?m)^  quarantine:.*\n", "", lake_yml.read_text(encoding="utf-8")), encoding="utf-8")
    assert any("quarantine" in p for p in tfrules.lake_zones_from_lake_yml(tree))


def test_a_new_ssm_name_in_platform_yml_needs_a_parameter(tree: Path):
    platform_yml = tree / "config/platform.yml"
    text = platform_yml.read_text(encoding="utf-8")
    platform_yml.write_text(text.replace("ssm:\n", "ssm:\n  extra_pointer: /sparkflow/{env}/extra\n", 1), encoding="utf-8")
    assert any("extra_pointer" in p for p in tfrules.ssm_names_from_platform(tree))


def test_backend_locks_with_the_s3_lock_file(repo: Path):
    versions = hcl2.loads((repo / "infra/terraform/versions.tf").read_text(encoding="utf-8"))
    backend = versions["terraform"][0]["backend"][0]["s3"]
    assert backend["use_lockfile"] == [True] and backend["encrypt"] == [True]
    assert "dynamodb_table" not in backend


def test_lock_file_pins_the_providers_the_root_requires(repo: Path):
    lock = hcl2.loads((repo / "infra/terraform/.terraform.lock.hcl").read_text(encoding="utf-8"))
    locked = {name.split("/", 1)[1]: body for entry in lock["provider"] for name, body in entry.items()}
    versions = hcl2.loads((repo / "infra/terraform/versions.tf").read_text(encoding="utf-8"))
    required = versions["terraform"][0]["required_providers"][0]
    for name, spec in required.items():
        if name.startswith("__"):
            continue
        spec = spec[0] if isinstance(spec, list) else spec
        source = spec["source"]
        assert source in locked, f"{source} is not in .terraform.lock.hcl"
        hashes = locked[source]["hashes"][0]
        assert any(h.startswith("zh:") for h in hashes) and any(h.startswith("h1:") for h in hashes)
        major_minor = spec["version"].removeprefix("~> ")
        assert locked[source]["version"][0].startswith(major_minor.rsplit(".", 1)[0] + ".")


def test_airflow_secrets_never_reach_the_state(repo: Path):
    text = (repo / "infra/terraform/parameters.tf").read_text(encoding="utf-8")
    assert 'ephemeral "random_password"' in text
    assert 'resource "random_password"' not in text


def statements(repo: Path, folder: str, document: str) -> dict[str, dict]:
    """The statements of one aws_iam_policy_document, by sid."""
    module = next(m for m in tfrules.modules(repo) if m.path == repo / "infra/terraform" / folder)
    doc = module.data("aws_iam_policy_document")[document]
    return {tfrules.attr(s, "sid"): s for s in tfrules.blocks(doc, "statement")}


def conditions(statement: dict) -> dict[str, tuple[str, object]]:
    """Condition variable -> (test, values); python-hcl2 writes a template with nested quotes as ${"..."}."""
    def unwrap(text: str) -> str:
        return text[3:-2] if text.startswith('${"') and text.endswith('"}') else text
    return {unwrap(tfrules.attr(c, "variable")): (tfrules.attr(c, "test"), tfrules.attr(c, "values"))
            for c in tfrules.blocks(statement, "condition")}


@pytest.mark.parametrize("sid,variable", [
    ("RunFromOurLaunchTemplates", "ec2:LaunchTemplate"),
    ("TagOnlyWhileLaunching", "ec2:CreateAction"),
    ("EndOnlyOurInstances", 'aws:ResourceTag/${var.tag_keys["managed"]}'),
    ("PassOnlyTheInstanceRoles", "iam:PassedToService"),
    ("EndOnlyOurClusters", 'aws:ResourceTag/${var.tag_keys["emr_component"]}'),
])
def test_launcher_acts_only_under_its_conditions(repo: Path, sid: str, variable: str):
    assert variable in conditions(statements(repo, "modules/launcher", "lambda")[sid])


def test_launcher_opens_ssh_only_on_the_dev_group(repo: Path):
    statement = statements(repo, "modules/launcher", "lambda")["OpenSshOnDevGroupOnly"]
    assert tfrules.attr(statement, "resources") == ["${local.ec2_arn}:security-group/${aws_security_group.dev.id}"]


@pytest.mark.parametrize("sid,variable", [
    ("CreateOnlyTaggedClusters", 'aws:RequestTag/${var.tag_keys["emr_component"]}'),
    ("DriveOnlyOurClusters", 'aws:ResourceTag/${var.tag_keys["emr_component"]}'),
    ("PassOnlyEmrRoles", "iam:PassedToService"),
])
def test_airflow_instance_drives_only_its_own_clusters(repo: Path, sid: str, variable: str):
    assert variable in conditions(statements(repo, "modules/launcher", "instance")[sid])


def test_deploy_roles_cannot_rewrite_themselves_or_the_boundary(repo: Path):
    bootstrap = next(m for m in tfrules.modules(repo) if m.path == repo / "infra/terraform/bootstrap")
    module_call = bootstrap.files["main.tf"]["module"][0]["github_oidc"]
    assert module_call["role_name"] == ["${local.deploy_role}"]
    assert module_call["plan_role_name"] == ["${local.plan_role}"]
    deny = statements(repo, "bootstrap", "deploy")["NotTheDeployRolesNorTheBoundary"]
    assert tfrules.attr(deny, "effect") == "Deny" and tfrules.attr(deny, "actions") == ["iam:*"]
    assert tfrules.attr(deny, "resources") == [
        "arn:${local.partition}:iam::${local.account}:role/${local.deploy_role}",
        "arn:${local.partition}:iam::${local.account}:role/${local.plan_role}",
        "${local.boundary_arn}",
    ]


def test_instance_security_groups_have_no_inbound_rule(repo: Path):
    launcher = next(m for m in tfrules.modules(repo) if m.path.name == "launcher")
    assert launcher.resources("aws_vpc_security_group_ingress_rule") == []
    assert all("ingress" not in body for _, body in launcher.resources("aws_security_group"))


def test_launch_templates_require_imdsv2_and_encrypt_the_root_volume(repo: Path):
    launcher = next(m for m in tfrules.modules(repo) if m.path.name == "launcher")
    (_, template), = launcher.resources("aws_launch_template")
    metadata = tfrules.blocks(template, "metadata_options")[0]
    assert tfrules.attr(metadata, "http_tokens") == "required"
    assert tfrules.attr(metadata, "http_put_response_hop_limit") == 2
    ebs = tfrules.blocks(tfrules.blocks(template, "block_device_mappings")[0], "ebs")[0]
    assert tfrules.attr(ebs, "encrypted") is True and tfrules.attr(ebs, "volume_type") == "gp3"
    assert "key_name" not in template


def test_launcher_reads_no_ssm_parameter_at_all(repo: Path):
    """The launcher renders user-data from its environment; SSM (and every Airflow secret) is for the instance only."""
    policy = str(statements(repo, "modules/launcher", "lambda"))
    assert "ssm:" not in policy


# checkov checks that may be skipped only where a variable turns the protection on, named in the skip's reason and
# explained in infra/terraform/README.md.
SWITCHED_CHECKS = {"CKV_AWS_18", "CKV_AWS_349", "CKV_AWS_350"}


def test_logging_and_encryption_checks_are_skipped_only_behind_a_documented_variable(repo: Path):
    root = next(m for m in tfrules.modules(repo) if m.path == repo / "infra/terraform")
    variables = {name for name, _, _ in root.items("variable")}
    readme = (repo / "infra/terraform/README.md").read_text(encoding="utf-8")
    for file, check, reason in tfrules.checkov_skips(repo):
        if check not in SWITCHED_CHECKS:
            continue
        named = [v for v in variables if re.search(rf"\b{v}\b", reason)]
        assert named, f"{file}: the skip of {check} names no root variable that turns the protection on"
        assert all(f"`{v}`" in readme for v in named), f"infra/terraform/README.md does not explain {named}"


def test_lake_access_is_logged_into_the_expiring_logs_prefix(repo: Path):
    storage = next(m for m in tfrules.modules(repo) if m.path.name == "storage")
    (_, logging), = storage.resources("aws_s3_bucket_logging")
    targets = str(tfrules.attr(logging, "for_each"))
    assert """{"lake": {"target": "${aws_s3_bucket.this["artifacts"].id}", "prefix": "${var.logs_prefix}/s3-access/lake/"}}""" \
        in targets.replace("'", '"'), targets
    policy = storage.data("aws_iam_policy_document")["tls_only"]
    (delivery,) = [d["content"][0] for d in policy.get("dynamic", []) if "statement" in d
                   for d in [d["statement"]] if tfrules.attr(d["content"][0], "sid") == "LakeAccessLogDelivery"]
    assert tfrules.attr(tfrules.blocks(delivery, "principals")[0], "identifiers") == ["logging.s3.amazonaws.com"]
    assert "aws:SourceArn" in str(tfrules.blocks(delivery, "condition"))
    lifecycle = str(storage.resources("aws_s3_bucket_lifecycle_configuration"))
    assert "${var.logs_prefix}/" in lifecycle


def delivery_statements(storage: tfrules.Module) -> dict[str, dict]:
    policy = storage.data("aws_iam_policy_document")["tls_only"]
    return {tfrules.attr(d["statement"]["content"][0], "sid"): d["statement"]
            for d in policy.get("dynamic", []) if "statement" in d}


def test_lake_data_events_are_recorded_by_cloudtrail_unless_turned_off(repo: Path):
    """Every object-level call on the lake (who read which file, with the caller's role session) is a CloudTrail
    data event, delivered under logs/ of the artifacts bucket only by that trail; the root variable is on by default."""
    root = next(m for m in tfrules.modules(repo) if m.path == repo / "infra/terraform")
    variables = {name: body for name, _, body in root.items("variable")}
    assert tfrules.attr(variables["lake_data_events"], "default") is True
    call = next(body for c in root.files["main.tf"]["module"] for name, body in c.items() if name == "storage")
    assert call["lake_data_events_trail"] == ['${var.lake_data_events ? "${local.name}-lake-data-events" : None}']  # python-hcl2 writes null as None

    storage = next(m for m in tfrules.modules(repo) if m.path.name == "storage")
    (_, trail), = storage.resources("aws_cloudtrail")
    assert tfrules.attr(trail, "enable_log_file_validation") is True
    assert tfrules.attr(trail, "s3_bucket_name") == '${aws_s3_bucket.this["artifacts"].id}'
    assert tfrules.attr(trail, "s3_key_prefix") == "${local.trail_prefix}"
    assert storage.locals()["trail_prefix"] == "${var.logs_prefix}/cloudtrail"
    (selector,) = tfrules.blocks(trail, "advanced_event_selector")
    fields = {tfrules.attr(f, "field"): f for f in tfrules.blocks(selector, "field_selector")}
    assert tfrules.attr(fields["eventCategory"], "equals") == ["Data"]
    assert tfrules.attr(fields["resources.type"], "equals") == ["AWS::S3::Object"]
    # python-hcl2 writes a template with nested quotes as ${"..."}
    assert tfrules.attr(fields["resources.ARN"], "starts_with") == ['${"${aws_s3_bucket.this["lake"].arn}/"}']

    statements = delivery_statements(storage)
    for sid in ("TrailAclCheck", "TrailDelivery"):
        body = statements[sid]["content"][0]
        assert tfrules.attr(tfrules.blocks(body, "principals")[0], "identifiers") == ["cloudtrail.amazonaws.com"]
        conditions = {tfrules.attr(c, "variable"): tfrules.attr(c, "values") for c in tfrules.blocks(body, "condition")}
        assert conditions["aws:SourceArn"] == ["${statement.value}"], sid
        assert "local.trail_arn" in str(statements[sid]["for_each"]), sid
    delivery = statements["TrailDelivery"]["content"][0]
    assert tfrules.attr(delivery, "resources") == [
        "${each.value.arn}/${local.trail_prefix}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]


def test_ebs_encryption_by_default_is_on_unless_turned_off(repo: Path):
    guardrails = next(m for m in tfrules.modules(repo) if m.path.name == "guardrails")
    (_, body), = guardrails.resources("aws_ebs_encryption_by_default")
    assert tfrules.attr(body, "enabled") is True
    root = next(m for m in tfrules.modules(repo) if m.path == repo / "infra/terraform")
    variables = {name: body for name, _, body in root.items("variable")}
    assert tfrules.attr(variables["ebs_encryption_by_default"], "default") is True
