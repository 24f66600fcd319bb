"""The dashboards service of the Compose file (dev only): under the `dashboards` profile, the instance's ECR image by
digest, published on 127.0.0.1:8088 alone, a non-root user, within the instance's memory and reading its two secrets
as Docker secrets. Without the profile (the pipeline) the project is Airflow's alone."""

from __future__ import annotations

import pytest

from conftest import COMPOSE_ENV, COMPOSE_FILE, ECR_REGISTRY, resolve, run_compose

GIB = 1024**3
SUPERSET_IMAGE = f"{ECR_REGISTRY}/sparkflow-test-superset@sha256:{'c3' * 32}"
DEV_ENV = {**COMPOSE_ENV, "SPARKFLOW_SUPERSET_IMAGE": SUPERSET_IMAGE, "COMPOSE_PROFILES": "dashboards"}
SECRETS = ("superset_secret_key", "superset_admin_password")


@pytest.fixture(scope="module")
def dev_model() -> dict:
    return resolve(COMPOSE_FILE, DEV_ENV)


@pytest.fixture(scope="module")
def superset(dev_model) -> dict:
    return dev_model["services"]["superset"]


def test_the_service_exists_only_under_the_dashboards_profile(dev_model):
    assert dev_model["services"]["superset"]["profiles"] == ["dashboards"]
    pipeline = resolve(COMPOSE_FILE)
    assert "superset" not in pipeline["services"]
    # The pipeline needs no Superset image at all.
    assert "SPARKFLOW_SUPERSET_IMAGE" not in COMPOSE_ENV


def test_with_the_profile_compose_lists_the_three_images():
    result = run_compose(COMPOSE_FILE, DEV_ENV, "--images")
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {COMPOSE_ENV["SPARKFLOW_AIRFLOW_IMAGE"], COMPOSE_ENV["SPARKFLOW_POSTGRES_IMAGE"],
                                          SUPERSET_IMAGE}


def test_the_profile_without_an_image_is_refused():
    env = {k: v for k, v in DEV_ENV.items() if k != "SPARKFLOW_SUPERSET_IMAGE"}
    result = run_compose(COMPOSE_FILE, env, "--images")
    assert result.returncode != 0
    assert 'service "superset" has neither an image nor a build context' in result.stderr


def test_without_the_profile_compose_lists_airflows_two_images():
    env = {**COMPOSE_ENV, "SPARKFLOW_SUPERSET_IMAGE": SUPERSET_IMAGE}
    result = run_compose(COMPOSE_FILE, env, "--images")
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {COMPOSE_ENV["SPARKFLOW_AIRFLOW_IMAGE"], COMPOSE_ENV["SPARKFLOW_POSTGRES_IMAGE"]}


def test_it_publishes_only_on_localhost_8088(superset):
    assert [(p["host_ip"], p["target"], p["published"]) for p in superset["ports"]] == [("127.0.0.1", 8088, "8088")]


def test_it_runs_as_a_non_root_user_and_builds_nothing(superset):
    assert superset["user"] not in ("", "root", "0") and not superset["user"].startswith("0:")
    assert superset["image"] == SUPERSET_IMAGE
    assert "build" not in superset


def test_its_memory_fits_beside_airflows_six_gib(dev_model, superset):
    assert int(superset["mem_limit"]) <= 1 * GIB
    long_running = [name for name, s in dev_model["services"].items() if s.get("restart") != "no"]
    assert sum(int(dev_model["services"][name]["mem_limit"]) for name in long_running) <= 7 * GIB


def test_it_reads_its_secrets_as_docker_secrets_and_no_other(dev_model, superset):
    assert {s["source"] for s in superset["secrets"]} == set(SECRETS)
    for name in SECRETS:
        assert dev_model["secrets"][name]["file"] == f"{COMPOSE_ENV['SPARKFLOW_SECRETS_DIR']}/{name}"
    assert set(superset["environment"]) == {"AWS_REGION", "SPARKFLOW_ATHENA_WORK_GROUP"}
    # Airflow's services never see the dashboards' secrets.
    for name, service in dev_model["services"].items():
        if name != "superset":
            assert not {s["source"] for s in service.get("secrets", [])} & set(SECRETS), name


def test_it_has_a_health_check_and_restarts(superset):
    assert superset["healthcheck"]["test"][0] == "CMD"
    assert "http://localhost:8088/health" in superset["healthcheck"]["test"][-1]
    assert superset["restart"] == "unless-stopped"
    assert superset["init"] is True
