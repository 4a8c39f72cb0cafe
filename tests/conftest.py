"""Shared fixtures: the project root, a scratch copy of the project, and one real build."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from vlmguide.synthetic import copy_parts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks", "overrides")


def copy_project(dest: Path) -> Path:
    """Copy what `mkdocs build` needs into dest (the package itself is installed)."""
    return copy_parts(ROOT, dest, PROJECT_PARTS)


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


# Material prints an end-of-life notice on every build; read once (README), silenced here.
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path, *extra: str, tool: str = "mkdocs") -> BuildResult:
    """Run `mkdocs build --strict` in project, as an editor would (tool="properdocs": its fork)."""
    proc = subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", *extra],
        cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, project / "site")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the project that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real catalogue, built once for the whole session."""
    result = mkdocs_build(copy_project(tmp_path_factory.mktemp("build") / "project"))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium (tests.browser). Missing, it fails the run in CI and skips elsewhere."""
    from .browser import chromium, chromium_available

    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is missing: run scripts/setup.sh")
        pytest.skip("Debian chromium is not installed (scripts/setup.sh installs it)")
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script (node_modules, from npm ci). Missing, it fails the run in CI and skips elsewhere."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: run scripts/setup.sh (npm ci)")
        pytest.skip("axe-core is not installed (scripts/setup.sh runs npm ci)")
    return axe.read_text(encoding="utf-8")
