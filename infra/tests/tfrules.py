"""The project's own Terraform rules, each a function of a repository tree returning its problems (empty: it holds)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import hcl2
import yaml

TF_ROOT = Path("infra/terraform")
EMR_CLUSTER_JSON = Path("airflow/dags/include/emr_cluster.json")
SKIP = re.compile(r"#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?")
# AWS actions that support no resource-level permissions: the only ones a statement may grant on Resource "*".
UNSCOPABLE = {
    "ec2:DescribeInstances", "ec2:DescribeInstanceStatus", "ec2:DescribeLaunchTemplates",
    "ec2:DescribeLaunchTemplateVersions", "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules",
    "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeImages",
    "ec2:GetEbsEncryptionByDefault", "ec2:EnableEbsEncryptionByDefault",
    "elasticmapreduce:ListClusters", "elasticmapreduce:CreateSecurityConfiguration",
    "elasticmapreduce:DescribeSecurityConfiguration", "elasticmapreduce:DeleteSecurityConfiguration",
    "logs:DescribeLogGroups", "ssm:DescribeParameters", "cloudtrail:DescribeTrails",
    # Session Manager's channels: no resource type in the Service Authorization Reference.
    "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
    # The registry login: one token for the account's registry; what it may pull or push is each repository's IAM.
    "ecr:GetAuthorizationToken",
}


def attr(block: dict, name: str, default=None):
    """An attribute's value (python-hcl2 wraps each attribute in a one-element list)."""
    value = block.get(name)
    return default if value is None else value[0]


def blocks(block: dict, name: str) -> list[dict]:
    """The nested blocks called name."""
    return block.get(name, [])


@dataclass
class Module:
    """One Terraform folder: its parsed files and their text."""

    path: Path
    files: dict[str, dict] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def items(self, kind: str) -> list[tuple[str, str, dict]]:
        """(type, name, body) of every resource or data source; (name, "", body) of every variable/output."""
        found = []
        for parsed in self.files.values():
            for entry in parsed.get(kind, []):
                for first, body in entry.items():
                    if kind in ("resource", "data"):
                        for name, inner in body.items():
                            found.append((first, name, inner))
                    else:
                        found.append((first, "", body))
        return found

    def resources(self, rtype: str) -> list[tuple[str, dict]]:
        return [(name, body) for kind, name, body in self.items("resource") if kind == rtype]

    def data(self, dtype: str) -> dict[str, dict]:
        return {name: body for kind, name, body in self.items("data") if kind == dtype}

    def locals(self) -> dict:
        merged: dict = {}
        for parsed in self.files.values():
            for entry in parsed.get("locals", []):
                merged.update({key: value[0] if isinstance(value, list) and len(value) == 1 else value
                               for key, value in entry.items() if not key.startswith("__")})
        return merged


@functools.lru_cache(maxsize=None)
def parse(text: str) -> dict:
    """A .tf file's text parsed by python-hcl2 (cached: the rules read the same files many times)."""
    return hcl2.loads(text)


def modules(repo: Path) -> list[Module]:
    """Every folder under infra/terraform holding .tf files, parsed."""
    folders = sorted({tf.parent for tf in (repo / TF_ROOT).rglob("*.tf") if ".terraform" not in tf.parts})
    result = []
    for folder in folders:
        module = Module(folder)
        for tf in sorted(folder.glob("*.tf")):
            text = tf.read_text(encoding="utf-8")
            module.texts[tf.name] = text
            module.files[tf.name] = parse(text)
        result.append(module)
    return result


def rel(repo: Path, module: Module) -> str:
    return str(module.path.relative_to(repo))


# --- documented interfaces ------------------------------------------------------------------------------------

def undocumented_interfaces(repo: Path) -> list[str]:
    """Variables without a description or a type, outputs without a description."""
    problems = []
    for module in modules(repo):
        for name, _, body in module.items("variable"):
            for key in ("description", "type"):
                if not str(attr(body, key, "")).strip():
                    problems.append(f"{rel(repo, module)}: variable {name} has no {key}")
        for name, _, body in module.items("output"):
            if not str(attr(body, "description", "")).strip():
                problems.append(f"{rel(repo, module)}: output {name} has no description")
    return problems


def incomplete_modules(repo: Path) -> list[str]:
    """Modules, the root and the bootstrap each need main.tf, variables.tf, outputs.tf, versions.tf and a README."""
    problems = []
    folders = [repo / TF_ROOT, repo / TF_ROOT / "bootstrap", *sorted((repo / TF_ROOT / "modules").iterdir())]
    for folder in folders:
        for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"):
            if not (folder / name).is_file():
                problems.append(f"{folder.relative_to(repo)}: missing {name}")
    return problems


# --- IAM ------------------------------------------------------------------------------------------------------

def iam_statements(repo: Path):
    """(where, effect, actions, resources, statement) of every aws_iam_policy_document statement."""
    for module in modules(repo):
        for name, doc in module.data("aws_iam_policy_document").items():
            for statement in blocks(doc, "statement"):
                effect = attr(statement, "effect", "Allow")
                actions = attr(statement, "actions", [])
                resources = attr(statement, "resources", [])
                where = f"{rel(repo, module)}: {name}/{attr(statement, 'sid', '?')}"
                yield where, effect, actions if isinstance(actions, list) else [actions], resources, statement


# Permissions boundaries cap what a role's own policies grant and grant nothing themselves: they name whole
# services on purpose (infra/tests/test_iam_escalation.py analyses them instead).
BOUNDARIES = {"permissions_boundary"}


def overbroad_iam(repo: Path) -> list[str]:
    """Allow statements granting "*", a whole service ("s3:*") on Resource "*", or a scopable action on "*"."""
    problems = []
    for where, effect, actions, resources, _ in iam_statements(repo):
        if effect != "Allow" or where.split(": ", 1)[1].split("/", 1)[0] in BOUNDARIES:
            continue
        on_everything = isinstance(resources, list) and "*" in resources
        for action in actions:
            if action == "*" or action.endswith(":*") and on_everything:
                problems.append(f"{where}: grants {action} on {resources}")
            elif on_everything and action not in UNSCOPABLE:
                problems.append(f"{where}: {action} supports resource-level permissions but is granted on *")
    for module in modules(repo):
        for file, text in module.texts.items():
            if re.search(r'"Action"\s*[:=]\s*"\*"', text):
                problems.append(f"{rel(repo, module)}/{file}: a JSON policy grants Action *")
    return problems


def loose_oidc_trust(repo: Path) -> list[str]:
    """GitHub's trust pins aud to sts.amazonaws.com; the deploy role's sub to this repository's environments
    (StringEquals), the plan role's sub to this repository's refs and pull requests (StringLike)."""
    module = next((m for m in modules(repo) if m.path.name == "github_oidc"), None)
    if module is None:
        return ["modules/github_oidc is missing"]
    problems = []
    local = module.locals()
    issuer = local.get("issuer")
    if issuer != "token.actions.githubusercontent.com":
        problems.append(f"issuer is {issuer!r}")
    trusts = {name: s for name, doc in module.data("aws_iam_policy_document").items()
              for s in blocks(doc, "statement") if "sts:AssumeRoleWithWebIdentity" in attr(s, "actions", [])}
    if set(trusts) != {"trust", "plan_trust"}:
        return problems + [f"expected the web-identity trusts 'trust' and 'plan_trust', found {sorted(trusts)}"]
    for name, test, subjects in (("trust", "StringEquals", "subjects"), ("plan_trust", "StringLike", "plan_subjects")):
        conditions = {attr(c, "variable"): c for c in blocks(trusts[name], "condition")}
        aud = conditions.get("${local.issuer}:aud")
        if aud is None or attr(aud, "test") != "StringEquals" or attr(aud, "values") != ["sts.amazonaws.com"]:
            problems.append(f"{name}: the audience is not pinned to sts.amazonaws.com with StringEquals")
        sub = conditions.get("${local.issuer}:sub")
        if sub is None or attr(sub, "test") != test:
            problems.append(f"{name}: the subject is not compared with {test}")
        elif attr(sub, "values") != f"${{local.{subjects}}}":
            problems.append(f"{name}: the subject condition does not use local.{subjects}")
    expected = {"subjects": {"repo:${var.repository}:environment:${env}"},
                "plan_subjects": {"repo:${var.repository}:ref:refs/*", "repo:${var.repository}:pull_request"}}
    for key, allowed in expected.items():
        found = re.findall(r"repo:[^'\"]*", str(local.get(key, "")))
        if set(found) != allowed or "*" in str(local.get(key, "")).replace("ref:refs/*", ""):
            problems.append(f"{key} are {found}, expected exactly {sorted(allowed)}")
    variables = {name: body for name, _, body in module.items("variable")}
    for name, bad in (("repository", ["*/*", "owner/*", "*", "owner/name:*"]), ("environments", ["*", "prod*"])):
        condition = str(attr(blocks(variables.get(name, {}), "validation")[0], "condition")) \
            if blocks(variables.get(name, {}), "validation") else ""
        pattern = re.search(r'regex\("(.+?)",', condition)
        if pattern is None:
            problems.append(f"variable {name} has no regex validation")
            continue
        regex = pattern.group(1).encode().decode("unicode_escape")
        for value in bad:
            if re.fullmatch(regex, value):
                problems.append(f"variable {name} accepts the wildcard value {value!r}")
    return problems


# --- buckets --------------------------------------------------------------------------------------------------

def _references(body: dict, bucket: str) -> bool:
    """Whether a companion resource names the bucket (bucket = aws_s3_bucket.x.id, or for_each over it)."""
    return f"aws_s3_bucket.{bucket}" in str(body.get("bucket", "")) + str(body.get("for_each", ""))


def unguarded_buckets(repo: Path) -> list[str]:
    """Every aws_s3_bucket needs a public access block, SSE, versioning, lifecycle rules and a TLS-only policy."""
    problems = []
    for module in modules(repo):
        where = rel(repo, module)
        policies = module.data("aws_iam_policy_document")
        for bucket, body in module.resources("aws_s3_bucket"):
            label = f"{where}: aws_s3_bucket.{bucket}"

            def companions(rtype: str) -> list[dict]:
                return [b for _, b in module.resources(rtype) if _references(b, bucket)]

            pabs = companions("aws_s3_bucket_public_access_block")
            if not pabs or not all(attr(pab, flag) is True for pab in pabs for flag in (
                    "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")):
                problems.append(f"{label}: no public access block with all four flags true")

            versionings = companions("aws_s3_bucket_versioning")
            if not versionings or any(attr(blocks(v, "versioning_configuration")[0], "status") != "Enabled"
                                      for v in versionings):
                problems.append(f"{label}: versioning is not enabled")

            sses = companions("aws_s3_bucket_server_side_encryption_configuration")
            algorithms = [attr(blocks(blocks(s, "rule")[0], "apply_server_side_encryption_by_default")[0],
                               "sse_algorithm") for s in sses]
            if not algorithms or any(a not in ("AES256", "aws:kms", "aws:kms:dsse") for a in algorithms):
                problems.append(f"{label}: no default encryption")

            keys = _for_each_keys(module, body)
            lifecycles = companions("aws_s3_bucket_lifecycle_configuration")
            if keys is not None and not any("for_each" in l for l in lifecycles):
                missing = [k for k in keys if not any(f'aws_s3_bucket.{bucket}["{k}"]' in str(l.get("bucket"))
                                                      for l in lifecycles)]
                if missing:
                    problems.append(f"{label}: no lifecycle rules for {missing}")
            elif not lifecycles:
                problems.append(f"{label}: no lifecycle rules")

            bucket_policies = companions("aws_s3_bucket_policy")
            if not bucket_policies or not all(_tls_only(policies, str(attr(p, "policy"))) for p in bucket_policies):
                problems.append(f"{label}: no bucket policy denying requests without TLS")
    return problems


def _for_each_keys(module: Module, body: dict) -> list[str] | None:
    """The keys of a bucket's for_each over a local map, or None for a single bucket."""
    expression = str(attr(body, "for_each", ""))
    match = re.fullmatch(r"\$\{local\.(\w+)\}", expression)
    if not match:
        return None
    value = module.locals().get(match.group(1), {})
    return [k for k in value if not k.startswith("__")] if isinstance(value, dict) else []


def _tls_only(policies: dict[str, dict], expression: str) -> bool:
    match = re.search(r"data\.aws_iam_policy_document\.(\w+)", expression)
    if not match or match.group(1) not in policies:
        return False
    for statement in blocks(policies[match.group(1)], "statement"):
        if attr(statement, "effect") != "Deny":
            continue
        for condition in blocks(statement, "condition"):
            if (attr(condition, "test"), attr(condition, "variable"), attr(condition, "values")) == \
                    ("Bool", "aws:SecureTransport", ["false"]):
                principals = blocks(statement, "principals")
                if principals and attr(principals[0], "identifiers") == ["*"]:
                    return True
    return False


# --- one home for names ---------------------------------------------------------------------------------------

def platform(repo: Path) -> dict:
    return yaml.safe_load((repo / "config/platform.yml").read_text(encoding="utf-8"))


def lake(repo: Path) -> dict:
    return yaml.safe_load((repo / "config/lake.yml").read_text(encoding="utf-8"))


def copied_names(repo: Path) -> list[str]:
    """SSM names, tag keys, lake prefixes and the EMR component tag come from their one home, never from a .tf file."""
    problems = []
    spec = platform(repo)
    literals = [re.escape(v.split("{env}")[0]) for v in spec["ssm"].values() if isinstance(v, str)]
    literals += [re.escape(v) for v in spec["tags"].values()]
    cluster = json.loads((repo / EMR_CLUSTER_JSON).read_text(encoding="utf-8"))
    literals += [re.escape(t["Value"]) + '"' for t in cluster["Tags"] if t["Key"] == spec["tags"]["emr_component"]]
    zones = lake(repo)["zones"].values()
    patterns = [re.compile(f'"{p}') for p in literals] + [re.compile(f'"{re.escape(z)}/') for z in zones]
    for module in modules(repo):
        for file, text in module.texts.items():
            code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
            for pattern in patterns:
                for match in pattern.finditer(code):
                    problems.append(f"{rel(repo, module)}/{file}: literal {match.group(0)}... instead of config/")
    return problems


def ssm_names_from_platform(repo: Path) -> list[str]:
    """The root's SSM parameters are named from local.ssm, which is config/platform.yml with {env} filled in."""
    problems = []
    root = next(m for m in modules(repo) if m.path == repo / TF_ROOT)
    local = root.locals()
    if "config/platform.yml" not in str(local.get("platform")):
        problems.append("local.platform does not read config/platform.yml")
    if 'replace(value,"{env}",var.environment)' not in str(local.get("ssm")).replace(" ", ""):
        problems.append("local.ssm does not fill {env} into config/platform.yml's names")
    used = set()
    for name, body in root.resources("aws_ssm_parameter"):
        names = str(attr(body, "name")) + str(attr(body, "for_each", ""))
        found = set(re.findall(r"local\.ssm\.(\w+)", names))
        if not found:
            problems.append(f"aws_ssm_parameter.{name} is not named from local.ssm")
        used |= found
    keys = {k for k, v in platform(repo)["ssm"].items() if isinstance(v, str) and k != "prefix"}
    if keys - used:
        problems.append(f"config/platform.yml ssm names without a parameter: {sorted(keys - used)}")
    secrets = [body for name, body in root.resources("aws_ssm_parameter") if attr(body, "type") == "SecureString"]

    def for_each(body: dict) -> str:
        # A for_each that is one local (e.g. the secrets of every profile) is checked through its definition.
        text = str(attr(body, "for_each"))
        named = re.fullmatch(r"\$\{local\.(\w+)\}", text)
        return str(local.get(named.group(1))) if named else text

    if not secrets or any(not re.search(r"local\.platform\.ssm\.(airflow|superset)_secrets", for_each(s)) for s in secrets):
        problems.append("the Airflow and Superset secrets are not the ones config/platform.yml lists")
    if any("value" in s for s in secrets):
        problems.append("a SecureString has a value that would be stored in the state (use value_wo)")
    return problems


def lake_zones_from_lake_yml(repo: Path) -> list[str]:
    """Lake prefixes come from config/lake.yml; the storage module insists on the zones the platform needs."""
    problems = []
    root = next(m for m in modules(repo) if m.path == repo / TF_ROOT)
    local = root.locals()
    if "config/lake.yml" not in str(local.get("lake")) or local.get("lake_zones") != "${local.lake.zones}":
        problems.append("local.lake_zones is not config/lake.yml's zones")
    storage = next(m for m in modules(repo) if m.path.name == "storage")
    variables = {name: body for name, _, body in storage.items("variable")}
    condition = str(attr(blocks(variables["lake_zones"], "validation")[0], "condition"))
    required = re.findall(r"'(\w+)'|\"(\w+)\"", condition)
    required = {a or b for a, b in required}
    missing = required - set(lake(repo)["zones"])
    if missing:
        problems.append(f"config/lake.yml lacks zones the storage module requires: {sorted(missing)}")
    rules = [r for _, body in storage.resources("aws_s3_bucket_lifecycle_configuration") for r in blocks(body, "rule")]
    if not any('var.lake_zones["quarantine"]' in str(attr(blocks(r, "filter")[0], "prefix", "")) for r in rules
               if blocks(r, "filter")):
        problems.append("no lifecycle rule expires the quarantine zone named in config/lake.yml")
    launcher = next(m for m in modules(repo) if m.path.name == "launcher")
    notes = [n for _, body in launcher.resources("aws_s3_bucket_notification") for n in blocks(body, "lambda_function")]
    if not notes or 'var.lake_zones["landing"]' not in str(attr(notes[0], "filter_prefix")):
        problems.append("the S3 event is not filtered on the landing zone of config/lake.yml")
    return problems


def unjustified_skips(repo: Path) -> list[str]:
    """Every checkov skip names its check and gives a reason of a sentence."""
    problems = []
    for tf in (repo / TF_ROOT).rglob("*.tf"):
        for number, line in enumerate(tf.read_text(encoding="utf-8").splitlines(), 1):
            match = SKIP.search(line)
            if match and not re.fullmatch(r"CKV2?_AWS_\d+", match.group(1)):
                problems.append(f"{tf.relative_to(repo)}:{number}: {match.group(1)} is not a checkov check id")
            if match and len((match.group(2) or "").strip()) < 30:
                problems.append(f"{tf.relative_to(repo)}:{number}: skip of {match.group(1)} without a reason")
    return problems


def checkov_skips(repo: Path) -> list[tuple[str, str, str]]:
    """(file, check, reason) of every checkov skip, for the README's list."""
    found = []
    for tf in sorted((repo / TF_ROOT).rglob("*.tf")):
        for line in tf.read_text(encoding="utf-8").splitlines():
            match = SKIP.search(line)
            if match:
                found.append((str(tf.relative_to(repo)), match.group(1), (match.group(2) or "").strip()))
    return found


RULES = {
    "undocumented_interfaces": undocumented_interfaces,
    "incomplete_modules": incomplete_modules,
    "overbroad_iam": overbroad_iam,
    "loose_oidc_trust": loose_oidc_trust,
    "unguarded_buckets": unguarded_buckets,
    "copied_names": copied_names,
    "ssm_names_from_platform": ssm_names_from_platform,
    "lake_zones_from_lake_yml": lake_zones_from_lake_yml,
    "unjustified_skips": unjustified_skips,
}
