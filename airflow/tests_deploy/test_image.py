"""The image recipe, checked without a Docker engine: pinned base, hashed locks whose versions match what the other
venvs test (and which those venvs install first), a build context that holds what the Dockerfile copies, and the
helper scripts' behaviour."""

from __future__ import annotations

import importlib.util
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import AIRFLOW_DIR, DOCKERFILE, REPO_ROOT

IMAGE_DIR = AIRFLOW_DIR / "image"
# The dashboards' image (dev only): the official Superset image plus Athena's driver and the dashboards.
SUPERSET_DIR = REPO_ROOT / "superset"
SUPERSET_DOCKERFILE = SUPERSET_DIR / "Dockerfile"
SUPERSET_IMAGE_DIR = SUPERSET_DIR / "image"
# The image's scripts, and the database's (run in the postgres container: airflow/postgres).
SCRIPTS = sorted([*(IMAGE_DIR / "bin").iterdir(), AIRFLOW_DIR / "postgres" / "sparkflow-metadata",
                  *(AIRFLOW_DIR / "postgres" / "initdb").glob("*.sh"), *(SUPERSET_IMAGE_DIR / "bin").iterdir()])
PINNED_BASE = re.compile(r"apache/airflow:(3\.\d+\.\d+)-python3\.11(@sha256:[0-9a-f]{64})?")
# The images' locks, each with the frozen set of the venv that tests the same packages (and its inputs: INPUTS).
LOCKS = {
    "airflow": (IMAGE_DIR / "requirements-airflow.txt", AIRFLOW_DIR / "constraints.txt"),
    "dbt": (IMAGE_DIR / "requirements-dbt.txt", REPO_ROOT / "dbt" / "requirements.txt"),
    "superset": (SUPERSET_IMAGE_DIR / "requirements.txt", SUPERSET_DIR / "requirements.txt"),
}
INPUTS = {"airflow": IMAGE_DIR / "requirements-airflow.in", "dbt": IMAGE_DIR / "requirements-dbt.in",
          "superset": SUPERSET_IMAGE_DIR / "requirements.in"}
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def normalised(name: str) -> str:
    """A distribution name as pip compares it, extras dropped."""
    return re.sub(r"[-_.]+", "-", name.split("[", 1)[0]).lower()


def requirements(path: Path) -> list[str]:
    """The requirement lines of a pip file, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", path.read_text())
    return [line.split("#", 1)[0].strip() for line in joined.splitlines() if line.split("#", 1)[0].strip()]


def pins(path: Path) -> dict[str, str]:
    """name -> version of every `name[extras]==version` line (names normalised as pip does, extras dropped)."""
    found = {}
    for line in requirements(path):
        requirement = line.split()[0]
        name, sep, version = requirement.partition("==")
        assert sep, f"{path.name}: {requirement} is not pinned with =="
        found[normalised(name)] = version
    return found


def base_image() -> str:
    return re.search(r"^ARG AIRFLOW_IMAGE=(\S+)$", DOCKERFILE.read_text(), re.MULTILINE).group(1)


# --- what the image is made of ------------------------------------------------------------------------------------


def test_the_base_image_is_a_pinned_airflow_3_release():
    dockerfile = DOCKERFILE.read_text()
    assert PINNED_BASE.fullmatch(base_image()), base_image()
    assert re.search(r"^FROM \$\{AIRFLOW_IMAGE\}$", dockerfile, re.MULTILINE)


def test_the_base_image_is_the_airflow_the_dag_tests_run_and_the_lock_names():
    version = PINNED_BASE.fullmatch(base_image()).group(1)
    assert pins(AIRFLOW_DIR / "constraints.txt")["apache-airflow"] == version
    assert pins(IMAGE_DIR / "requirements-airflow.txt")["apache-airflow"] == version


@pytest.mark.parametrize("lock, frozen", LOCKS.values(), ids=LOCKS)
def test_every_locked_package_is_pinned_and_hashed(lock, frozen):
    lines = requirements(lock)
    # pyathena's closure is a dozen packages; Airflow's provider and dbt bring many more.
    assert len(lines) >= 10, f"{lock.name} looks incomplete"
    for line in lines:
        requirement, *options = line.split()
        assert "==" in requirement and ";" not in line, f"{lock.name}: {requirement} is not one plain pin"
        assert options and all(HASH.fullmatch(option) for option in options), f"{lock.name}: {requirement}"
    assert "--hash" not in frozen.read_text()


@pytest.mark.parametrize("lock, frozen", LOCKS.values(), ids=LOCKS)
def test_the_lock_and_the_tested_venv_agree_on_every_version_they_share(lock, frozen):
    locked, tested = pins(lock), pins(frozen)
    shared = set(locked) & set(tested)
    differing = {name: (locked[name], tested[name]) for name in shared if locked[name] != tested[name]}
    assert not differing, f"{lock.name} vs {frozen.name} (re-lock with `make lock-image`)"
    # The lock is the image's part of the tested venv (the dbt venv adds dbt-duckdb); `pip freeze`, which wrote the
    # frozen sets, leaves out setuptools, which the lock does not.
    untested = set(locked) - set(tested) - {"setuptools"}
    assert not untested, f"{lock.name} has packages the tests never ran: {untested}"


@pytest.mark.parametrize("name", LOCKS)
def test_the_lock_holds_its_inputs_at_their_versions(name):
    wanted = pins(INPUTS[name])
    locked = pins(LOCKS[name][0])
    assert wanted and {package: locked.get(package) for package in wanted} == wanted
    assert {"airflow": {"apache-airflow-providers-amazon"}, "dbt": {"dbt-core", "dbt-athena"},
            "superset": {"pyathena"}}[name] <= set(wanted)


def test_the_superset_lock_carries_pyathenas_sqlalchemy_dialect():
    assert "pyathena[sqlalchemy]==" in INPUTS["superset"].read_text()
    assert "sqlalchemy" in pins(LOCKS["superset"][0])


def test_the_airflow_lock_carries_the_providers_aiobotocore_extra():
    assert "apache-airflow-providers-amazon[aiobotocore]==" in (IMAGE_DIR / "requirements-airflow.in").read_text()
    assert "aiobotocore" in pins(IMAGE_DIR / "requirements-airflow.txt")


def test_packages_are_installed_from_the_hashed_locks_at_build_time_not_at_boot():
    dockerfile = DOCKERFILE.read_text()
    assert "_PIP_ADDITIONAL_REQUIREMENTS" not in dockerfile
    logical_lines = dockerfile.replace("\\\n", " ").splitlines()
    installs = [line for line in logical_lines if "pip install" in line]
    assert len(installs) == 2
    for install, lock in zip(installs, ("requirements-dbt.txt", "requirements-airflow.txt")):
        assert re.search(rf"--require-hashes --no-deps -r \S+/{lock} ", install), install
        assert not re.search(r"pip install [^&]* -c ", install) and "pip check" in install, install


@pytest.mark.parametrize(
    "fragment, lock, venv",
    [("airflow/airflow.mk", "requirements-airflow.txt", "AIRFLOW_VENV"), ("dbt/dbt.mk", "requirements-dbt.txt", "DBT_VENV")],
)
def test_the_test_venv_installs_the_image_lock_with_hashes_first(fragment, lock, venv):
    """`make test` proves the hashes: the venv that tests these packages installs them from the image's lock."""
    recipe = (REPO_ROOT / fragment).read_text().replace("\\\n", " ")
    installs = [line for line in recipe.splitlines() if f"$({venv})/bin/pip install" in line]
    assert installs and f"--require-hashes --no-deps -r airflow/image/{lock}" in installs[0], installs
    assert f"airflow/image/{lock}" in recipe.split("$(" + venv + ")/.installed:", 1)[1].splitlines()[0]


@pytest.mark.parametrize("dockerfile_path", [DOCKERFILE, SUPERSET_DOCKERFILE], ids=["airflow", "superset"])
def test_every_copied_path_exists_and_is_in_the_build_context(dockerfile_path):
    dockerfile = dockerfile_path.read_text().replace("\\\n", " ")
    ignore = dockerfile_path.with_name("Dockerfile.dockerignore").read_text().splitlines()
    allowed = [line[1:].rstrip("/") for line in ignore if line.startswith("!")]
    assert ignore[[i for i, line in enumerate(ignore) if not line.startswith("#")][0]] == "*"
    sources = []
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            sources += [word for word in line.split()[1:-1] if not word.startswith("--")]
    assert sources
    for source in sources:
        assert (REPO_ROOT / source).exists(), source
        assert any(source.rstrip("/") == a or source.startswith(a + "/") for a in allowed), source


def test_the_image_environment_names_settings_the_dags_read():
    spec = importlib.util.spec_from_file_location("settings", AIRFLOW_DIR / "dags" / "include" / "settings.py")
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    names = re.findall(r"\bSPARKFLOW_([A-Z0-9_]+)=", DOCKERFILE.read_text())
    assert {"CONFIG_DIR", "DBT", "DBT_PROJECT_DIR"} <= set(names)
    for name in names:
        assert name.lower() in settings.DEFAULTS, f"SPARKFLOW_{name} is no setting of airflow/dags/include/settings.py"


# --- the local engine: a JRE, the jobs jar and its classpath, the command that runs them ----------------------------

JOBS_SCRIPT = IMAGE_DIR / "bin" / "sparkflow-jobs"
JOBS_TARGET = REPO_ROOT / "emr-jobs" / "target"


def test_the_image_carries_a_pinned_jre_17_from_debian():
    dockerfile = DOCKERFILE.read_text()
    version = re.search(r"^ARG JRE_VERSION=(\S+)$", dockerfile, re.MULTILINE).group(1)
    assert re.fullmatch(r"17\.[0-9.]+\+\d+-\d+~deb12u\d+", version), version  # bookworm's, like the base image
    install = next(line for line in dockerfile.replace("\\\n", " ").splitlines() if "apt-get install" in line)
    assert '"openjdk-17-jre-headless=${JRE_VERSION}"' in install and "--no-install-recommends" in install
    assert "rm -rf /var/lib/apt/lists/*" in install


def test_jobs_cmd_is_the_script_and_the_script_runs_the_jar_the_image_copies():
    dockerfile = DOCKERFILE.read_text()
    assert "SPARKFLOW_JOBS_CMD=/opt/sparkflow/bin/sparkflow-jobs" in dockerfile
    assert "COPY --chown=airflow:0 --chmod=0755 airflow/image/bin/ /opt/sparkflow/bin/" in dockerfile
    script = JOBS_SCRIPT.read_text()
    copied = dict(re.findall(r"^COPY --chown=airflow:0 (emr-jobs/target/\S+) (\S+)$", dockerfile, re.MULTILINE))
    assert copied == {"emr-jobs/target/instance-lib/": "/opt/sparkflow/jobs/lib/",
                      "emr-jobs/target/emr-jobs.jar": "/opt/sparkflow/jobs/emr-jobs.jar"}
    assert "jobs_jar=${JOBS_JAR:-/opt/sparkflow/jobs/emr-jobs.jar}" in script
    assert "jobs_lib=${JOBS_LIB:-/opt/sparkflow/jobs/lib}" in script
    assert "dev.sparkflow.jobs.Main" in script


def test_the_classpath_the_image_copies_holds_spark_and_s3a_but_the_emr_jar_does_not():
    """make build writes instance-lib/ (Spark, hadoop-aws and its SDK v1); EMR brings its own, so the jar has none."""
    names = {p.name for p in (JOBS_TARGET / "instance-lib").glob("*.jar")}
    for prefix in ("spark-sql_2.12-", "spark-core_2.12-", "hadoop-aws-", "aws-java-sdk-s3-", "aws-java-sdk-sts-",
                   "hadoop-client-api-"):
        assert any(name.startswith(prefix) for name in names), prefix
    assert not any(name.startswith(("junit-", "test-support-", "moto")) for name in names)
    listed = subprocess.run(["unzip", "-Z1", str(JOBS_TARGET / "emr-jobs.jar")], capture_output=True, text=True,
                            check=True).stdout
    assert "org/apache/hadoop/fs/s3a/" not in listed and "org/apache/spark/sql/" not in listed


def test_the_script_opens_what_the_root_pom_opens_and_serves_s3_with_s3a():
    pom = (REPO_ROOT / "pom.xml").read_text()
    opened = re.search(r"<spark.add-opens>(.*?)</spark.add-opens>", pom).group(1).split()
    packages = re.search(r"for package in (.*?); do", JOBS_SCRIPT.read_text(), re.DOTALL).group(1)
    assert [f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in packages.replace("\\", " ").split()] == opened
    assert "-Dspark.hadoop.fs.s3.impl=org.apache.hadoop.fs.s3a.S3AFileSystem" in JOBS_SCRIPT.read_text()


def test_the_heap_fits_in_the_scheduler_container_beside_the_scheduler():
    """The JVM (heap + ~0.5 GiB off-heap) and the scheduler (~0.6 GiB) within the scheduler's memory limit."""
    heap = re.search(r"heap=\$\{JOBS_HEAP:-(\d+)m\}", JOBS_SCRIPT.read_text()).group(1)
    compose = yaml.safe_load((AIRFLOW_DIR / "docker-compose.yml").read_text())
    limit = compose["services"]["airflow-scheduler"]["mem_limit"]
    assert limit.endswith("g")
    assert int(heap) + 512 + 614 <= int(limit[:-1]) * 1024, (heap, limit)


# --- the dashboards' image ----------------------------------------------------------------------------------------


def test_the_superset_base_image_is_the_release_the_tests_run():
    dockerfile = SUPERSET_DOCKERFILE.read_text()
    base = re.search(r"^ARG SUPERSET_IMAGE=(\S+)$", dockerfile, re.MULTILINE).group(1)
    match = re.fullmatch(r"apache/superset:(\d+\.\d+\.\d+)(@sha256:[0-9a-f]{64})?", base)
    assert match, base
    assert re.search(r"^FROM \$\{SUPERSET_IMAGE\}$", dockerfile, re.MULTILINE)
    assert pins(SUPERSET_DIR / "requirements.txt")["apache-superset"] == match.group(1)


def test_the_superset_image_installs_its_hashed_lock_then_checks_and_runs_as_superset():
    dockerfile = SUPERSET_DOCKERFILE.read_text()
    logical_lines = dockerfile.replace("\\\n", " ").splitlines()
    installs = [line for line in logical_lines if "pip install" in line]
    assert len(installs) == 1
    assert re.search(r"--require-hashes --no-deps +-r \S+/requirements.txt ", installs[0]), installs[0]
    assert "pip check" in installs[0] and not re.search(r"pip install [^&]* -c ", installs[0])
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users[-1] == "superset"
    assert re.search(r'^ENTRYPOINT \["/opt/sparkflow/bin/sparkflow-dashboards"\]$', dockerfile, re.MULTILINE)
    # What the entry point runs is baked in, beside the dbt marts' YAML build_bundle.py reads the descriptions from.
    for needed in ("superset/assets/", "superset/databases/", "superset/build_bundle.py", "superset/local_superset.py",
                   "superset/superset_config.py", "dbt/models/marts/"):
        assert needed in dockerfile, needed


def test_the_build_context_leaves_out_build_output():
    ignore = (AIRFLOW_DIR / "Dockerfile.dockerignore").read_text().splitlines()
    for junk in ("**/__pycache__/", "dbt/target/", "dbt/logs/", "dbt/.user.yml"):
        assert junk in ignore


# --- the helper scripts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_are_strict_executable_bash(script):
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert script.stat().st_mode & stat.S_IXUSR


def test_scripts_pass_shellcheck():
    shellcheck = REPO_ROOT / ".venv" / "deploy" / "bin" / "shellcheck"
    result = subprocess.run(
        [str(shellcheck), "--shell=bash", *map(str, SCRIPTS)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def run_script(name: str, *args: str, env: dict[str, str], path_dirs: tuple[Path, ...] = ()):
    path = os.pathsep.join([*map(str, path_dirs), str(IMAGE_DIR / "bin"), os.environ["PATH"]])
    return subprocess.run(
        ["bash", str(IMAGE_DIR / "bin" / name), *args],
        env={"PATH": path, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture()
def secrets_dir(tmp_path) -> Path:
    directory = tmp_path / "secrets"
    directory.mkdir()
    (directory / "fernet_key").write_text("a-fernet-key\n")
    (directory / "postgres_password").write_text("p@ss/w:rd%\n")
    (directory / "admin_password").write_text("correct-horse-battery-staple\n")
    (directory / "empty").write_text("\n")
    return directory


def test_a_secret_is_printed_without_its_newline(secrets_dir):
    result = run_script("sparkflow-secret", "fernet_key", env={"SPARKFLOW_SECRETS_MOUNT": str(secrets_dir)})
    assert (result.returncode, result.stdout) == (0, "a-fernet-key")


def test_the_database_url_carries_the_encoded_password(secrets_dir):
    env = {
        "SPARKFLOW_SECRETS_MOUNT": str(secrets_dir),
        "SPARKFLOW_DB_HOST": "postgres",
        "SPARKFLOW_DB_NAME": "airflow",
        "SPARKFLOW_DB_USER": "airflow",
    }
    result = run_script("sparkflow-secret", "--database-url", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "postgresql+psycopg2://airflow:p%40ss%2Fw%3Ard%25@postgres:5432/airflow"


@pytest.mark.parametrize(
    "args, message",
    [
        (("missing",), "missing or unreadable"),
        (("empty",), "is empty"),
        (("../fernet_key",), "not a secret name"),
        ((), "usage"),
    ],
)
def test_a_bad_secret_request_fails_with_the_reason(secrets_dir, args, message):
    result = run_script("sparkflow-secret", *args, env={"SPARKFLOW_SECRETS_MOUNT": str(secrets_dir)})
    assert result.returncode != 0
    assert message in result.stderr
    assert result.stdout == ""


@pytest.fixture()
def fake_airflow(tmp_path) -> Path:
    """An `airflow` command that records its arguments, standing in for the image's CLI."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    script = bin_dir / "airflow"
    script.write_text('#!/usr/bin/env bash\necho "$*" >> "$FAKE_AIRFLOW_LOG"\n[[ $1 == version ]] && echo 3.3.2\n'
                      "exit 0\n")
    script.chmod(0o755)
    return bin_dir


def test_init_migrates_then_creates_the_admin_and_applies_the_secret(tmp_path, secrets_dir, fake_airflow):
    log = tmp_path / "airflow.log"
    env = {"SPARKFLOW_SECRETS_MOUNT": str(secrets_dir), "SPARKFLOW_ADMIN_USER": "admin", "FAKE_AIRFLOW_LOG": str(log)}
    result = run_script("sparkflow-init", env=env, path_dirs=(fake_airflow,))
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert [call.split(" --")[0] for call in calls] == ["version", "db migrate", "users create", "users reset-password"]
    assert "--username admin --role Admin" in calls[2]
    assert calls[3] == "users reset-password --username admin --password correct-horse-battery-staple"


def test_init_refuses_a_short_admin_password(tmp_path, secrets_dir, fake_airflow):
    (secrets_dir / "admin_password").write_text("airflow\n")
    env = {"SPARKFLOW_SECRETS_MOUNT": str(secrets_dir), "SPARKFLOW_ADMIN_USER": "admin",
           "FAKE_AIRFLOW_LOG": str(tmp_path / "airflow.log")}
    result = run_script("sparkflow-init", env=env, path_dirs=(fake_airflow,))
    assert result.returncode != 0
    assert "shorter than 16 characters" in result.stderr
    assert "users" not in (tmp_path / "airflow.log").read_text()


def test_init_fails_without_the_admin_secret(tmp_path, secrets_dir, fake_airflow):
    (secrets_dir / "admin_password").unlink()
    env = {"SPARKFLOW_SECRETS_MOUNT": str(secrets_dir), "SPARKFLOW_ADMIN_USER": "admin",
           "FAKE_AIRFLOW_LOG": str(tmp_path / "airflow.log")}
    result = run_script("sparkflow-init", env=env, path_dirs=(fake_airflow,))
    assert result.returncode != 0
    assert "admin_password is missing" in result.stderr
