#!/usr/bin/env python3
"""Prints the deployed names of config/platform.yml for one release as KEY=value lines (for $GITHUB_ENV)."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

PLATFORM_YML = Path(__file__).resolve().parents[2] / "config" / "platform.yml"


def resolve(template: str, **values: str) -> str:
    """The template with each {name} replaced, failing if a placeholder is left."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    if "{" in template:
        raise ValueError(f"unresolved placeholder in {template!r}")
    return template


def names(env: str, version: str, compose_version: str, arch: str, platform_yml: Path = PLATFORM_YML) -> dict[str, str]:
    """SSM parameter names and artifact keys of the release, as the deploy workflow uses them."""
    platform = yaml.safe_load(platform_yml.read_text(encoding="utf-8"))
    ssm, artifacts = platform["ssm"], platform["artifacts"]
    return {
        "SSM_BUNDLE_POINTER": resolve(ssm["bundle_pointer"], env=env),
        "SSM_COMPOSE_POINTER": resolve(ssm["compose_pointer"], env=env),
        "BUNDLE_KEY": resolve(artifacts["bundle"], version=version),
        "JOBS_JAR_KEY": resolve(artifacts["jobs_jar"], version=version),
        "LAUNCHER_JAR_KEY": resolve(artifacts["launcher_jar"], version=version),
        "COMPOSE_KEY": resolve(artifacts["compose"], compose_version=compose_version, arch=arch),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--env", required=True, help="deployment name, e.g. prod")
    parser.add_argument("--version", required=True, help="release version (git commit)")
    parser.add_argument("--compose-version", required=True, help="Docker Compose v2 version, e.g. 2.40.3")
    parser.add_argument("--arch", default="x86_64", help="instance architecture of the Compose binary")
    args = parser.parse_args()
    for key, value in names(args.env, args.version, args.compose_version, args.arch).items():
        print(f"{key}={value}")


if __name__ == "__main__":
    main()
