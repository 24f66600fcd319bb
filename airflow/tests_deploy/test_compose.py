"""The Compose file, checked without a Docker engine: Compose v2's own loader, the Compose specification's JSON
schema, and the project's rules for a lean, secret-free, single-instance Airflow."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from conftest import AIRFLOW_DIR, BUILD_OVERRIDE, COMPOSE_ENV, COMPOSE_FILE, REPO_ROOT, resolve, run_compose

AIRFLOW_SERVICES = {
    "airflow-api-server": ["api-server"],
    "airflow-scheduler": ["scheduler"],
    "airflow-dag-processor": ["dag-processor"],
    "airflow-triggerer": ["triggerer"],
}
ONE_SHOT = "airflow-init"
LONG_RUNNING = {"postgres", *AIRFLOW_SERVICES}
GIB = 1024**3
# The instance is a t3.large (8 GiB): the containers may take 6 GiB (the scheduler's 3 GiB holds the local engine's
# Spark), the rest is the OS's and dockerd's.
MEMORY_BUDGET = 6 * GIB
SSM_BACKEND = "airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend"
SECRET_LIKE_KEY = re.compile(r"PASSWORD|SECRET_KEY|FERNET|JWT|TOKEN|CREDENTIAL", re.IGNORECASE)


def compose_spec_schema() -> tuple[dict, str]:
    """The Compose specification's JSON schema as check-jsonschema vendors it, and that file's sha256."""
    vendor = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
    data = (vendor / "compose-spec.json").read_bytes()
    return json.loads(data), hashlib.sha256(data).hexdigest()


def env_of(service: dict) -> dict[str, str]:
    return service.get("environment") or {}


# --- the file is valid Compose ---------------------------------------------------------------------------------


def test_compose_v2_accepts_the_file():
    result = run_compose(COMPOSE_FILE, COMPOSE_ENV, "--quiet")
    assert result.returncode == 0, result.stderr


def test_the_file_matches_the_compose_specification_schema(raw_compose):
    schema, checksum = compose_spec_schema()
    vendored = resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "sha256" / "compose-spec.sha256"
    assert vendored.read_text().split()[0] == checksum, "the vendored schema differs from its recorded checksum"
    jsonschema.validators.validator_for(schema)(schema).validate(raw_compose)


@pytest.mark.parametrize("variable", sorted(COMPOSE_ENV))
def test_every_instance_setting_is_required_with_a_message(variable):
    env = {k: v for k, v in COMPOSE_ENV.items() if k != variable}
    result = run_compose(COMPOSE_FILE, env, "--quiet")
    assert result.returncode != 0
    assert f"required variable {variable} is missing a value: set {variable}" in result.stderr


# --- services, health and restarts ------------------------------------------------------------------------------


def test_the_services_are_airflow_3s_set_with_postgres_and_an_init(services):
    assert set(services) == {*AIRFLOW_SERVICES, ONE_SHOT, "postgres"}
    for name, command in AIRFLOW_SERVICES.items():
        assert services[name]["command"] == command


def test_every_long_running_service_has_a_health_check(services):
    for name in LONG_RUNNING:
        check = services[name].get("healthcheck") or {}
        assert not check.get("disable"), name
        assert check.get("test") and check["test"][0] in ("CMD", "CMD-SHELL"), name
        for field in ("interval", "timeout", "retries", "start_period"):
            assert field in check, f"{name}: healthcheck.{field}"


def test_every_service_has_a_restart_policy(services):
    for name in LONG_RUNNING:
        assert services[name].get("restart") in ("always", "unless-stopped"), name
    # The init runs once; the others start only after it completed successfully.
    assert services[ONE_SHOT]["restart"] == "no"


def test_airflow_waits_for_a_healthy_database_and_a_completed_init(services):
    for name in AIRFLOW_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends[ONE_SHOT]["condition"] == "service_completed_successfully", name
    assert services[ONE_SHOT]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_components_are_reachable_by_the_hostname_they_report(services):
    # Running tasks' logs are served by the scheduler (and triggers' by the triggerer) under their hostname.
    for name in AIRFLOW_SERVICES:
        assert services[name]["hostname"] == name


def test_scheduler_health_is_its_own_http_check(services):
    env = env_of(services["airflow-scheduler"])
    assert env["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] == "True"
    assert "http://localhost:8974/health" in services["airflow-scheduler"]["healthcheck"]["test"]


# --- one small instance -------------------------------------------------------------------------------------------


def test_every_service_has_a_memory_limit_within_the_instance_budget(services):
    limits = {name: int(service["mem_limit"]) for name, service in services.items()}
    long_running = sum(limits[name] for name in LONG_RUNNING)
    print(f"memory limits (MiB): { {k: v // 2**20 for k, v in sorted(limits.items())} }, long-running total "
          f"{long_running / GIB:.2f} GiB")
    assert long_running <= MEMORY_BUDGET


def test_airflow_is_lean_local_executor(services):
    for name in (*AIRFLOW_SERVICES, ONE_SHOT):
        env = env_of(services[name])
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor", name
        assert int(env["AIRFLOW__CORE__PARALLELISM"]) <= 4
        assert env["AIRFLOW__API__WORKERS"] == "1"
        assert env["AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES"] == "1"
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False"
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-api-server:8080/execution/"


def test_airflow_components_share_one_configuration(services):
    reference = env_of(services["airflow-scheduler"])
    for name in (*AIRFLOW_SERVICES, ONE_SHOT):
        env = {k: v for k, v in env_of(services[name]).items() if k != "SPARKFLOW_ADMIN_USER"}
        assert env == reference, name
        assert services[name]["image"] == services["airflow-scheduler"]["image"]


# --- images -------------------------------------------------------------------------------------------------------


def test_every_image_is_the_instances_ecr_reference_by_digest(services):
    # CI built and pushed them; the instance pulls exactly these, and builds nothing.
    images = {name: service["image"] for name, service in services.items()}
    assert images["postgres"] == COMPOSE_ENV["SPARKFLOW_POSTGRES_IMAGE"]
    assert {images[name] for name in (*AIRFLOW_SERVICES, ONE_SHOT)} == {COMPOSE_ENV["SPARKFLOW_AIRFLOW_IMAGE"]}
    assert not any("build" in service for service in services.values())


def test_compose_lists_only_the_two_referenced_images():
    result = run_compose(COMPOSE_FILE, COMPOSE_ENV, "--images")
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {COMPOSE_ENV["SPARKFLOW_AIRFLOW_IMAGE"], COMPOSE_ENV["SPARKFLOW_POSTGRES_IMAGE"]}


def test_the_local_build_override_builds_every_airflow_service_from_the_dockerfile():
    local = {**COMPOSE_ENV, "SPARKFLOW_AIRFLOW_IMAGE": "sparkflow-airflow:local"}
    services = resolve((COMPOSE_FILE, BUILD_OVERRIDE), local)["services"]
    built = {name for name, service in services.items() if "build" in service}
    assert built == {*AIRFLOW_SERVICES, ONE_SHOT}
    for name in built:
        assert services[name]["build"]["dockerfile"] == "airflow/Dockerfile"
        assert Path(services[name]["build"]["context"]) == REPO_ROOT
        assert services[name]["image"] == "sparkflow-airflow:local"


def test_nothing_is_installed_at_boot(services):
    assert "_PIP_ADDITIONAL_REQUIREMENTS" not in COMPOSE_FILE.read_text()
    for service in services.values():
        assert not any(key.startswith("_PIP") for key in env_of(service))


# --- secrets, credentials and exposure ----------------------------------------------------------------------------


def test_no_secret_is_a_literal_in_the_environment(services):
    for name, service in services.items():
        for key in env_of(service):
            if SECRET_LIKE_KEY.search(key):
                assert key.endswith(("_CMD", "_FILE")), f"{name}: {key} holds a secret value"
    text = COMPOSE_FILE.read_text()
    assert "_AIRFLOW_WWW_USER_PASSWORD" not in text
    # Defaults (${VAR:-x}) only for harmless settings: never for anything secret.
    for match in re.finditer(r"\$\{(\w+):?-", text):
        assert not SECRET_LIKE_KEY.search(match.group(1)), match.group(0)


def test_secrets_are_files_from_the_instances_secret_directory(model, services):
    secrets_dir = COMPOSE_ENV["SPARKFLOW_SECRETS_DIR"]
    assert {name: s["file"] for name, s in model["secrets"].items()} == {
        name: f"{secrets_dir}/{name}"
        for name in ("postgres_password", "fernet_key", "api_secret_key", "jwt_secret", "admin_password")
    }
    assert env_of(services["postgres"])["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    # Only the init sees the admin password.
    holders = {name for name, s in services.items() if "admin_password" in {x["source"] for x in s["secrets"]}}
    assert holders == {ONE_SHOT}


def test_every_secret_command_reads_a_secret_mounted_in_its_service(services):
    for name in (*AIRFLOW_SERVICES, ONE_SHOT):
        mounted = {secret["source"] for secret in services[name]["secrets"]}
        for key, value in env_of(services[name]).items():
            if not key.endswith("_CMD"):
                continue
            words = value.split()
            assert words[0] == "sparkflow-secret", f"{name}: {key}"
            needed = "postgres_password" if words[1] == "--database-url" else words[1]
            assert needed in mounted, f"{name}: {key} reads {needed}, which is not mounted"


def test_only_the_api_server_publishes_a_port_and_only_on_localhost(services):
    published = {name: s["ports"] for name, s in services.items() if s.get("ports")}
    assert set(published) == {"airflow-api-server"}
    for port in published["airflow-api-server"]:
        assert port["host_ip"] == "127.0.0.1"
        assert (port["target"], port["published"]) == (8080, "8080")


def test_no_host_paths_are_mounted(services):
    for name, service in services.items():
        for volume in service.get("volumes", []):
            assert volume["type"] == "volume", f"{name}: {volume}"


def test_postgres_gets_only_our_two_scripts_from_the_bundle(model, services):
    mounted = {c["target"]: model["configs"][c["source"]]["file"] for c in services["postgres"]["configs"]}
    postgres_dir = AIRFLOW_DIR / "postgres"
    assert mounted == {
        "/docker-entrypoint-initdb.d/10-sparkflow-roles.sh": str(postgres_dir / "initdb" / "10-sparkflow-roles.sh"),
        "/opt/sparkflow/postgres/sparkflow-metadata": str(postgres_dir / "sparkflow-metadata"),
    }
    assert all(Path(path).is_file() for path in mounted.values())
    assert all("configs" not in service for name, service in services.items() if name != "postgres")


def test_airflow_connects_as_its_own_role_and_the_superuser_is_another(services):
    env = env_of(services["postgres"])
    assert env["POSTGRES_USER"] == "postgres"
    assert env["SPARKFLOW_DB_USER"] == env_of(services["airflow-scheduler"])["SPARKFLOW_DB_USER"] == "airflow"
    assert env["SPARKFLOW_DB_NAME"] == env_of(services["airflow-scheduler"])["SPARKFLOW_DB_NAME"]


def test_admin_login_is_the_fab_auth_manager(services):
    env = env_of(services["airflow-api-server"])
    assert env["AIRFLOW__CORE__AUTH_MANAGER"] == (
        "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager"
    )
    assert services[ONE_SHOT]["command"] == ["bash", "/opt/sparkflow/bin/sparkflow-init"]


# --- logs, connections and variables ------------------------------------------------------------------------------


def test_task_logs_go_to_s3_with_the_instance_role(services):
    env = env_of(services["airflow-scheduler"])
    assert env["AIRFLOW__LOGGING__REMOTE_LOGGING"] == "True"
    assert env["AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER"] == COMPOSE_ENV["AIRFLOW_REMOTE_BASE_LOG_FOLDER"]
    assert env["AIRFLOW__LOGGING__REMOTE_LOG_CONN_ID"] == "aws_default"
    connection = json.loads(env["AIRFLOW_CONN_AWS_DEFAULT"])
    assert connection == {"conn_type": "aws", "extra": {"region_name": COMPOSE_ENV["AWS_REGION"]}}


def test_connections_and_variables_come_from_ssm_parameter_store(services):
    env = env_of(services["airflow-scheduler"])
    prefix = COMPOSE_ENV["SPARKFLOW_SSM_PREFIX"]
    for backend, kwargs in (
        ("AIRFLOW__SECRETS__BACKEND", "AIRFLOW__SECRETS__BACKEND_KWARGS"),
        ("AIRFLOW__WORKERS__SECRETS_BACKEND", "AIRFLOW__WORKERS__SECRETS_BACKEND_KWARGS"),
    ):
        assert env[backend] == SSM_BACKEND
        settings = json.loads(env[kwargs])
        assert settings["connections_prefix"] == f"{prefix}/connections"
        assert settings["variables_prefix"] == f"{prefix}/variables"
        assert settings["config_prefix"] is None
        lookup = re.compile(settings["connections_lookup_pattern"])
        # The instance role's connection is never asked of SSM; every other connection is.
        assert not lookup.match("aws_default")
        assert lookup.match("aws_default_alerts") and lookup.match("slack_alerts")
