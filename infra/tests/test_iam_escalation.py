"""No privilege escalation through the stack's IAM: every policy rendered from the .tf files and analysed by
cloudsplaining, then each escalation route evaluated against the deploy policies.

cloudsplaining knows the published escalation methods (Rhino Security Labs' list) but not conditions or
permissions boundaries. So the analysis has two parts: methods that grant permissions directly (put or attach a
policy and assume the role, new policy versions, trust changes, ...) must be absent from every policy, even counting
statements scoped to ARNs; methods that borrow an existing role's permissions (pass a role to new compute, edit a
function's code) land in a role the deploy role could only have created under the permissions boundary, so the
boundary itself, as the ceiling of every such role, must allow no escalation method at all. Which roles the deploy
role can create or rewrite without the boundary is the evaluator's answer, not an assumption: if it can, the
ceiling is AdministratorAccess and the analysis fails.
"""

from __future__ import annotations

from pathlib import Path

import json

import pytest
import yaml
from cloudsplaining.scan.policy_document import PolicyDocument
from parliament import analyze_policy_string
from cloudsplaining.shared.constants import PRIVILEGE_ESCALATION_METHODS

import iampolicy
import tfrules
from iampolicy import ACCOUNT, PARTITION, allowed

REPO = Path(__file__).resolve().parents[2]
PLATFORM = yaml.safe_load((REPO / "config/platform.yml").read_text(encoding="utf-8"))
IAM = f"arn:{PARTITION}:iam::{ACCOUNT}"
BOUNDARY = f"{IAM}:policy/{PLATFORM['iam']['permissions_boundary']}" if "iam" in PLATFORM else None
ADMIN = f"arn:{PARTITION}:iam::aws:policy/AdministratorAccess"
EMR_V2 = f"arn:{PARTITION}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2"
WORKLOAD_ROLE = f"{IAM}:role/sparkflow-prod-launcher"
DEPLOY_ROLE = f"{IAM}:role/sparkflow-github-deploy"
PLAN_ROLE = f"{IAM}:role/sparkflow-github-plan"
STATE_BUCKET = iampolicy.KNOWN["aws_s3_bucket.state.arn"]
BOUNDED = {"iam:PermissionsBoundary": BOUNDARY}
# Methods that borrow the permissions of an existing role rather than granting new ones.
BORROWING = {method for method, actions in PRIVILEGE_ESCALATION_METHODS.items()
             if "iam:passrole" in actions or actions in (["lambda:updatefunctioncode"], ["glue:updatedevendpoint"])}
ADMINISTRATOR = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    return iampolicy.identity_documents(REPO)


@pytest.fixture(scope="module")
def deploy(documents) -> dict:
    return documents["bootstrap/deploy"]


@pytest.fixture(scope="module")
def plan(documents) -> dict:
    assert "bootstrap/plan" in documents, "no read-only plan policy in the bootstrap"
    return documents["bootstrap/plan"]


def escalations(policy: dict) -> list[str]:
    """cloudsplaining's escalation methods in a policy, counting statements scoped to ARNs or conditions.

    cloudsplaining takes a Deny's actions away everywhere, whatever its resources; a Deny that names resources is
    left out here, so that it cannot hide an action the policy allows on others (this can only find more)."""
    kept = [s for s in policy["Statement"] if s["Effect"] == "Allow" or s.get("Resource") == ["*"]]
    found = PolicyDocument({**policy, "Statement": kept}, flag_resource_arn_statements=True,
                           flag_conditional_statements=True).allows_privilege_escalation
    return sorted(e["type"] for e in found)


def ceiling(documents: dict[str, dict]) -> tuple[str, dict]:
    """What a role the deploy role creates or rewrites can at most do: the boundary, or everything if unbounded."""
    deploy = documents["bootstrap/deploy"]
    for action, context in (("iam:CreateRole", {}), ("iam:PutRolePolicy", {}),
                            ("iam:AttachRolePolicy", {"iam:PolicyARN": EMR_V2})):
        if allowed([deploy], action, f"{IAM}:role/sparkflow-prod-anything", context):
            return f"AdministratorAccess ({action} allowed without a permissions boundary)", ADMINISTRATOR
    assert "bootstrap/permissions_boundary" in documents, "no permissions boundary in the bootstrap"
    return "the permissions boundary", documents["bootstrap/permissions_boundary"]


def test_every_policy_renders_without_unresolved_names_in_the_deploy_policies(documents):
    assert len(documents) >= 6
    for name in ("bootstrap/deploy", "bootstrap/plan", "bootstrap/permissions_boundary"):
        assert name in documents and "unresolved" not in str(documents[name]), name


def analysis(documents: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(report lines, problems) of cloudsplaining over every policy and over the ceiling of the deploy role's roles."""
    lines, problems = [], []
    for where, policy in sorted(documents.items()):
        found = escalations(policy)
        lines.append(f"{where}: {found or 'no escalation method'}")
        problems += [f"{where}: {method} grants permissions directly" for method in found if method not in BORROWING]
    # Borrowing a role (pass it to new compute, edit its function) yields at most that role's ceiling.
    name, ceiling_policy = ceiling(documents)
    granted = [method for method in escalations(ceiling_policy) if method not in BORROWING]
    lines.append(f"ceiling of every role the deploy role can create or change: {name}: {granted or 'no escalation'}")
    problems += [f"a role the deploy role creates, bounded by {name}, can {method}" for method in granted]
    return lines, problems


def test_cloudsplaining_finds_no_privilege_escalation(documents):
    """Run the analyser over every policy of the stack; print what it finds (the test's before/after)."""
    lines, problems = analysis(documents)
    print("\n".join(lines))
    assert problems == []


@pytest.mark.parametrize("file,old,new,mentions", [
    # The boundary condition dropped from role creation: any role the deploy role makes may be an administrator.
    ("bootstrap/deploy_policy.tf", '''  statement {
    sid = "OnlyBoundedRoles"''', '''  statement {
    sid = "Unbounded"
    actions = ["iam:CreateRole", "iam:PutRolePolicy"]
    resources = ["arn:${local.partition}:iam::${local.account}:role/sparkflow-*"]
  }

  statement {
    sid = "OnlyBoundedRoles"''', "AdministratorAccess"),
    # The deploy role able to assume the roles it writes: put a policy, then use it.
    ("bootstrap/deploy_policy.tf", '"iam:GetRole", "iam:UpdateRole",', '"sts:AssumeRole", "iam:GetRole", "iam:UpdateRole",',
     "PutRolePolicy grants permissions directly"),
])
def test_the_analysis_catches_an_escalation_put_back(tree: Path, file: str, old: str, new: str, mentions: str):
    path = tree / "infra/terraform" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = analysis(iampolicy.identity_documents(tree))
    assert any(mentions in p for p in problems), problems


def test_the_boundary_itself_allows_no_escalation_and_no_identity_change(documents):
    boundary = documents["bootstrap/permissions_boundary"]
    assert [m for m in escalations(boundary) if m not in BORROWING] == []
    changes = ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
               "iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:CreateUser",
               "iam:CreateAccessKey", "sts:AssumeRole", "lambda:UpdateFunctionCode", "lambda:CreateFunction", "glue:CreateDevEndpoint",
               "glue:UpdateDevEndpoint"]
    assert [a for a in changes if allowed([boundary], a, f"{IAM}:role/sparkflow-prod-x")] == []
    # A role under the boundary passes only roles under the boundary: never the deploy roles.
    for role in (DEPLOY_ROLE, PLAN_ROLE):
        assert not allowed([boundary], "iam:PassRole", role, {"iam:PassedToService": "ec2.amazonaws.com"})
    assert allowed([boundary], "iam:PassRole", WORKLOAD_ROLE, {"iam:PassedToService": "ec2.amazonaws.com"})


# Findings that make a statement silently match nothing: a misspelled action in a Deny denies nothing, a condition
# key an action does not have makes an Allow never apply.
NAME_ERRORS = {"UNKNOWN_ACTION", "UNKNOWN_PREFIX", "UNKNOWN_OPERATOR", "MISMATCHED_TYPE", "UNKNOWN_CONDITION_FOR_ACTION"}


@pytest.mark.parametrize("name", ["bootstrap/deploy", "bootstrap/plan", "bootstrap/permissions_boundary"])
def test_parliament_knows_every_action_and_condition_of_the_deploy_policies(documents, name):
    policy = documents[name]
    # The boundary's last resort denies IAM writes unless iam:AWSServiceName is Spot's: on purpose, the actions
    # without that key are the ones it denies (a negated operator holds when the key is absent).
    checked = {**policy, "Statement": [s for s in policy["Statement"] if s.get("Sid") != "NoIdentityChanges"]}
    findings = analyze_policy_string(json.dumps(checked)).findings
    assert [(f.issue, f.detail) for f in findings if f.issue in NAME_ERRORS] == []


# --- route 1: create a role without the boundary --------------------------------------------------------------

@pytest.mark.parametrize("context", [{}, {"iam:PermissionsBoundary": ADMIN},
                                     {"iam:PermissionsBoundary": f"{IAM}:policy/sparkflow-other"}],
                         ids=["no-boundary", "admin-as-boundary", "another-boundary"])
def test_deploy_cannot_create_a_role_without_the_boundary(deploy, context):
    assert not allowed([deploy], "iam:CreateRole", f"{IAM}:role/sparkflow-prod-evil", context)


def test_deploy_creates_roles_under_the_boundary(deploy):
    assert allowed([deploy], "iam:CreateRole", f"{IAM}:role/sparkflow-prod-launcher", BOUNDED)


# --- route 2: attach an administrator policy, or write one inline ---------------------------------------------

@pytest.mark.parametrize("context", [{}, BOUNDED], ids=["unbounded-role", "bounded-role"])
def test_deploy_cannot_attach_an_admin_policy(deploy, context):
    assert not allowed([deploy], "iam:AttachRolePolicy", WORKLOAD_ROLE, {**context, "iam:PolicyARN": ADMIN})


def test_deploy_attaches_and_writes_policies_only_on_bounded_roles(deploy):
    assert not allowed([deploy], "iam:AttachRolePolicy", WORKLOAD_ROLE, {"iam:PolicyARN": EMR_V2})
    assert allowed([deploy], "iam:AttachRolePolicy", WORKLOAD_ROLE, {**BOUNDED, "iam:PolicyARN": EMR_V2})
    assert not allowed([deploy], "iam:PutRolePolicy", WORKLOAD_ROLE)
    assert allowed([deploy], "iam:PutRolePolicy", WORKLOAD_ROLE, BOUNDED)


# --- route 3: pass a role that has no boundary ----------------------------------------------------------------

@pytest.mark.parametrize("role", [DEPLOY_ROLE, PLAN_ROLE, f"{IAM}:role/OrganizationAccountAccessRole",
                                  f"{IAM}:role/admin"])
@pytest.mark.parametrize("service", ["lambda.amazonaws.com", "ec2.amazonaws.com"])
def test_deploy_cannot_pass_an_unbounded_role(deploy, role, service):
    assert not allowed([deploy], "iam:PassRole", role, {"iam:PassedToService": service})


def test_deploy_passes_platform_roles_only_to_its_services(deploy):
    assert allowed([deploy], "iam:PassRole", WORKLOAD_ROLE, {"iam:PassedToService": "lambda.amazonaws.com"})
    assert not allowed([deploy], "iam:PassRole", WORKLOAD_ROLE, {"iam:PassedToService": "cloudformation.amazonaws.com"})


# --- route 4: update or remove the boundary, or rewrite the deploy roles --------------------------------------

@pytest.mark.parametrize("action,resource,context", [
    ("iam:DeleteRolePermissionsBoundary", WORKLOAD_ROLE, BOUNDED),
    ("iam:PutRolePermissionsBoundary", WORKLOAD_ROLE, {"iam:PermissionsBoundary": ADMIN}),
    ("iam:CreatePolicyVersion", "BOUNDARY", {}),
    ("iam:SetDefaultPolicyVersion", "BOUNDARY", {}),
    ("iam:DeletePolicy", "BOUNDARY", {}),
    ("iam:DeletePolicyVersion", "BOUNDARY", {}),
    ("iam:PutRolePolicy", DEPLOY_ROLE, BOUNDED),
    ("iam:AttachRolePolicy", DEPLOY_ROLE, {**BOUNDED, "iam:PolicyARN": EMR_V2}),
    ("iam:UpdateAssumeRolePolicy", DEPLOY_ROLE, {}),
    ("iam:DeleteRolePermissionsBoundary", DEPLOY_ROLE, {}),
    ("iam:UpdateAssumeRolePolicy", PLAN_ROLE, {}),
    ("iam:PutRolePolicy", PLAN_ROLE, BOUNDED),
])
def test_deploy_cannot_change_the_boundary_or_the_deploy_roles(deploy, action, resource, context):
    resource = BOUNDARY if resource == "BOUNDARY" else resource
    assert not allowed([deploy], action, resource, context)


# --- the write role and the state; the read-only plan role ----------------------------------------------------

@pytest.mark.parametrize("action", ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning",
                                    "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration",
                                    "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls"])
def test_deploy_cannot_reconfigure_the_state_bucket(deploy, action):
    assert not allowed([deploy], action, STATE_BUCKET)
    assert allowed([deploy], action, f"arn:{PARTITION}:s3:::sparkflow-prod-lake-{ACCOUNT}-eu-central-1")


def test_deploy_reads_and_writes_the_state(deploy):
    for action in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject"):
        assert allowed([deploy], action, f"{STATE_BUCKET}/sparkflow/prod.tfstate.tflock")


def write_actions(policy: dict) -> list[tuple[str, str]]:
    """(action, resource) of every Allow of a policy that is not a read (Get, List, Describe, View)."""
    found = []
    for statement in policy["Statement"]:
        if statement["Effect"] != "Allow":
            continue
        for action in statement.get("Action", []):
            verb = action.split(":", 1)[1]
            if not verb.startswith(("Get", "List", "Describe", "View")):
                found += [(action, r.replace("*", "x")) for r in statement.get("Resource", [])]
    return found


def test_plan_role_can_write_nothing_the_deploy_role_can(deploy, plan):
    writes = write_actions(deploy)
    assert len(writes) > 50
    context = {**BOUNDED, "iam:PolicyARN": EMR_V2, "iam:PassedToService": "lambda.amazonaws.com"}
    leaked = [(a, r) for a, r in writes if allowed([plan], a, r, context)]
    assert leaked == []


def test_plan_role_reads_the_state_but_takes_no_lock(plan):
    assert allowed([plan], "s3:GetObject", f"{STATE_BUCKET}/sparkflow/prod.tfstate")
    assert allowed([plan], "s3:ListBucket", STATE_BUCKET)
    for action in ("s3:PutObject", "s3:DeleteObject"):
        assert not allowed([plan], action, f"{STATE_BUCKET}/sparkflow/prod.tfstate.tflock")


def test_plan_role_cannot_read_the_airflow_secrets(plan):
    secret = f"arn:{PARTITION}:ssm:eu-central-1:{ACCOUNT}:parameter/sparkflow/prod/pipeline/airflow/fernet-key"
    assert not allowed([plan], "ssm:GetParameter", secret)
    assert allowed([plan], "ssm:GetParameter", secret.replace("fernet-key", "variables/lake_bucket"))


def test_plan_role_cannot_read_the_dashboards_secrets(plan):
    for name in ("secret-key", "admin-password"):
        secret = f"arn:{PARTITION}:ssm:eu-central-1:{ACCOUNT}:parameter/sparkflow/prod/dev/superset/{name}"
        assert not allowed([plan], "ssm:GetParameter", secret), name


# --- every role of the stack carries the boundary -------------------------------------------------------------

def test_every_role_the_stack_creates_carries_the_boundary(repo: Path):
    roles = []
    for module in tfrules.modules(repo):
        if module.path.name in ("bootstrap", "github_oidc"):
            continue
        for name, body in module.resources("aws_iam_role"):
            roles.append(name)
            assert tfrules.attr(body, "permissions_boundary") == "${var.permissions_boundary_arn}", \
                f"{module.path.name}: aws_iam_role.{name} has no permissions boundary"
    assert len(roles) >= 4
    root = next(m for m in tfrules.modules(repo) if m.path == repo / tfrules.TF_ROOT)
    for call in root.files["main.tf"]["module"]:
        for name, body in call.items():
            if name in ("launcher", "emr"):
                assert body.get("permissions_boundary_arn") == ["${local.permissions_boundary_arn}"], name


# --- the evaluator itself -------------------------------------------------------------------------------------

def test_the_evaluator_follows_iams_decision_rules():
    policy = {"Statement": [
        {"Effect": "Allow", "Action": ["iam:Create*"], "Resource": ["arn:aws:iam::1:role/app-*"],
         "Condition": {"ArnEquals": {"iam:PermissionsBoundary": ["arn:aws:iam::1:policy/b"]}}},
        {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ["arn:aws:iam::1:role/app-*"],
         "Condition": {"StringEqualsIfExists": {"iam:PassedToService": ["ec2.amazonaws.com"]}}},
        {"Effect": "Deny", "Action": ["iam:CreateRole"], "Resource": ["*"],
         "Condition": {"ArnNotEquals": {"iam:PermissionsBoundary": ["arn:aws:iam::1:policy/b"]}}},
        {"Effect": "Deny", "Action": ["iam:*"], "Resource": ["arn:aws:iam::1:role/app-admin"]},
    ]}
    bounded = {"iam:PermissionsBoundary": "arn:aws:iam::1:policy/b"}
    assert allowed([policy], "IAM:createrole", "arn:aws:iam::1:role/app-x", bounded)      # actions ignore case
    assert not allowed([policy], "iam:CreateRole", "arn:aws:iam::1:role/APP-x", bounded)  # resources do not
    assert not allowed([policy], "iam:CreateRole", "arn:aws:iam::1:role/app-x")           # condition key missing
    assert not allowed([policy], "iam:CreateRole", "arn:aws:iam::1:role/app-admin", bounded)  # explicit deny wins
    assert allowed([policy], "iam:PassRole", "arn:aws:iam::1:role/app-x")                 # IfExists, key missing
    assert not allowed([policy], "iam:PassRole", "arn:aws:iam::1:role/app-x", {"iam:PassedToService": "glue"})
    assert iampolicy.decide(policy, "s3:GetObject", "arn:aws:s3:::b/k") == "Implicit"
    # A negated operator holds when the key is missing: creating a role without any boundary meets the Deny.
    assert iampolicy.decide(policy, "iam:CreateRole", "arn:aws:iam::1:role/other") == "Deny"
    # Both the identity policy and the boundary must allow.
    boundary = {"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]}
    assert not allowed([policy, boundary], "iam:PassRole", "arn:aws:iam::1:role/app-x")
