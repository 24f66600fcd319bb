"""IAM policies of the stack rendered from the parsed .tf files, and a small evaluator of IAM's decision logic.

Rendering fills Terraform's expressions with one fixed account, region and partition; an expression it cannot
resolve stays as an opaque "unresolved:<expr>" string (never "*"), so it can only narrow what a statement matches.
The evaluator follows AWS's rules for one request: an explicit Deny wins, then an Allow is needed, in every policy
that applies (the identity policy and, when the role has one, its permissions boundary). It supports the condition
operators the stack uses (String*, Arn*, Bool, Null, their IfExists forms and ForAllValues/ForAnyValue).
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import tfrules
import yaml

PLATFORM = yaml.safe_load((Path(__file__).resolve().parents[2] / "config/platform.yml").read_text(encoding="utf-8"))
ACCOUNT = "111122223333"
REGION = "eu-central-1"
PARTITION = "aws"
EXPRESSION = re.compile(r"\$\{([^{}]*)\}")
SERVICES = ["ec2", "lambda", "logs", "events", "ssm", "sns", "dynamodb", "glue", "athena", "elasticmapreduce", "cloudtrail", "ecr"]

# Expressions that are function calls or data sources, with the value they take in the rendered account.
KNOWN = {
    "local.partition": PARTITION,
    "data.aws_partition.current.partition": PARTITION,
    "local.account": ACCOUNT,
    "data.aws_caller_identity.current.account_id": ACCOUNT,
    "var.region": REGION,
    "local.region": REGION,
    "local.ssm_scope": "/sparkflow/*",
    "local.state_bucket": f"sparkflow-tfstate-{ACCOUNT}-{REGION}",
    "aws_s3_bucket.state.arn": f"arn:{PARTITION}:s3:::sparkflow-tfstate-{ACCOUNT}-{REGION}",
    "local.platform.iam.permissions_boundary": PLATFORM["iam"]["permissions_boundary"] if "iam" in PLATFORM else None,
    "local.secret_parameters": [
        *(f"arn:{PARTITION}:ssm:{REGION}:{ACCOUNT}:parameter{PLATFORM['ssm']['airflow_prefix'].replace('{env}', '*').replace('{profile}', '*')}/{name}"
          for name in PLATFORM["ssm"]["airflow_secrets"]),
        *(f"arn:{PARTITION}:ssm:{REGION}:{ACCOUNT}:parameter{PLATFORM['ssm']['superset_prefix'].replace('{env}', '*')}/{name}"
          for name in PLATFORM["ssm"]["superset_secrets"])],
    **{f"local.arn.{service}": f"arn:{PARTITION}:{service}:{REGION}:{ACCOUNT}" for service in SERVICES},
}


def _render(value, local: dict, depth: int = 0, known: dict = KNOWN):
    """A parsed HCL value with every ${...} it can resolve filled in; a whole-string list expression splices."""
    if depth > 10:
        return value
    if isinstance(value, list):
        out = []
        for item in value:
            rendered = _render(item, local, depth + 1, known)
            out.extend(rendered if isinstance(rendered, list) and not isinstance(item, list) else [rendered])
        return out
    if not isinstance(value, str):
        return value
    whole = EXPRESSION.fullmatch(value)
    if whole:
        resolved = _resolve(whole.group(1), local, depth, known)
        if resolved is not None:
            return resolved

    def one(match: re.Match) -> str:
        resolved = _resolve(match.group(1), local, depth, known)
        return resolved if isinstance(resolved, str) else f"unresolved:{match.group(1)}"

    previous = None
    while previous != value and EXPRESSION.search(value):
        previous, value = value, EXPRESSION.sub(one, value)
    return value


def _resolve(expression: str, local: dict, depth: int, known: dict = KNOWN):
    expression = expression.strip()
    if expression in known:
        return known[expression]
    if re.fullmatch(r'"[^"]*"', expression):  # python-hcl2 wraps a string holding ["key"] lookups as ${"..."}
        return expression[1:-1]
    match = re.fullmatch(r"local\.(\w+)", expression)
    if match and match.group(1) in local:
        value = local[match.group(1)]
        if isinstance(value, (str, list)) and "for " not in str(value) and "(" not in str(value):
            return _render(value, local, depth + 1, known)
    return None


def _attr(block: dict, name: str):
    value = block.get(name)
    return None if value is None else value[0]


def render(module: tfrules.Module, document: str, values: dict | None = None) -> dict:
    """One aws_iam_policy_document of a module as IAM policy JSON (principals left out: identity policies).

    values gives expressions a value for this rendering, e.g. {"each.key": "dev", "var.ssm_prefix": "/sparkflow/prod"}
    for one instance of a for_each document of a module."""
    local = module.locals()
    known = {**KNOWN, **(values or {})}
    doc = module.data("aws_iam_policy_document")[document]
    statements = []
    for statement in tfrules.blocks(doc, "statement"):
        rendered = {"Effect": _attr(statement, "effect") or "Allow"}
        if _attr(statement, "sid"):
            rendered["Sid"] = _attr(statement, "sid")
        for key, name in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"),
                          ("not_resources", "NotResource")):
            if key in statement:
                value = _attr(statement, key)
                rendered[name] = _render(value if isinstance(value, list) else [value], local, known=known)
        for condition in tfrules.blocks(statement, "condition"):
            test, variable = _attr(condition, "test"), _render(_attr(condition, "variable"), local, known=known)
            expected = _render(_attr(condition, "values"), local, known=known)
            rendered.setdefault("Condition", {}).setdefault(test, {})[_unwrap(variable)] = expected
        statements.append(rendered)
    return {"Version": "2012-10-17", "Statement": statements}


def _unwrap(text: str) -> str:
    # python-hcl2 writes a template with nested quotes as ${"..."}
    return text[3:-2] if text.startswith('${"') and text.endswith('"}') else text


def identity_documents(repo: Path) -> dict[str, dict]:
    """Every policy document of the stack that names no principal (identity policies and the boundary), rendered."""
    found = {}
    for module in tfrules.modules(repo):
        for name, doc in module.data("aws_iam_policy_document").items():
            if any(tfrules.blocks(s, "principals") for s in tfrules.blocks(doc, "statement")):
                continue
            found[f"{module.path.relative_to(repo / tfrules.TF_ROOT)}/{name}"] = render(module, name)
    return found


# --- evaluation -----------------------------------------------------------------------------------------------

def _like(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern)


def _condition_holds(operator: str, key: str, expected: list, context: dict) -> bool:
    quantifier = None
    if ":" in operator:
        quantifier, operator = operator.split(":", 1)
    if_exists = operator.endswith("IfExists")
    operator = operator.removesuffix("IfExists")
    present = key in context
    if operator == "Null":
        return (not present) == (str(expected[0]).lower() == "true")
    if not present:
        # A missing key matches no value: negated operators hold, the others need IfExists or ForAllValues.
        return if_exists or quantifier == "ForAllValues" or "Not" in operator
    actual = context[key]
    actuals = actual if isinstance(actual, list) else [actual]
    expected = [str(e) for e in (expected if isinstance(expected, list) else [expected])]

    def match(value) -> bool:
        value = str(value)
        if operator in ("StringEquals", "ArnEquals"):
            return value in expected
        if operator in ("StringLike", "ArnLike"):
            return any(_like(e, value) for e in expected)
        if operator in ("StringNotEquals", "ArnNotEquals"):
            return value not in expected
        if operator in ("StringNotLike", "ArnNotLike"):
            return not any(_like(e, value) for e in expected)
        if operator == "Bool":
            return value.lower() in [e.lower() for e in expected]
        raise ValueError(f"condition operator {operator} is not supported by this evaluator")

    if quantifier == "ForAllValues":
        return all(match(v) for v in actuals)
    return any(match(v) for v in actuals)


def _matches(statement: dict, action: str, resource: str, context: dict) -> bool:
    def any_like(patterns: list, value: str, fold: bool) -> bool:
        return any(_like(p.lower() if fold else p, value.lower() if fold else value) for p in patterns)

    if "Action" in statement and not any_like(statement["Action"], action, True):
        return False
    if "NotAction" in statement and any_like(statement["NotAction"], action, True):
        return False
    if "Resource" in statement and not any_like(statement["Resource"], resource, False):
        return False
    if "NotResource" in statement and any_like(statement["NotResource"], resource, False):
        return False
    return all(_condition_holds(operator, key, values, context)
               for operator, pairs in statement.get("Condition", {}).items() for key, values in pairs.items())


def decide(policy: dict, action: str, resource: str, context: dict | None = None) -> str:
    """"Deny" (explicit), "Allow" or "Implicit" for one request against one policy."""
    context = context or {}
    matching = [s for s in policy["Statement"] if _matches(s, action, resource, context)]
    if any(s["Effect"] == "Deny" for s in matching):
        return "Deny"
    return "Allow" if any(s["Effect"] == "Allow" for s in matching) else "Implicit"


def allowed(policies: list[dict], action: str, resource: str, context: dict | None = None) -> bool:
    """Whether every policy that applies (identity policy, boundary) allows the request and none denies it."""
    return all(decide(p, action, resource, context) == "Allow" for p in policies)
