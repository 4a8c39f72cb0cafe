"""Shared fixtures: the frozen fixture catalogue, scratch copies of the project, and one build.

Behaviour tests run on FIXTURE_DATA, a frozen copy of the catalogue, so an editor's edit to
data/ never turns them red; tests/test_content.py checks what must hold for whatever data/
holds (LIVE_DATA). Edits are made with vlmguide.yaml_edit.DataFile, by paper id and field.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from vlmguide.loader import load_catalogue
from vlmguide.model import Catalogue
from vlmguide.synthetic import copy_parts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_DATA = FIXTURES / "data"  # the frozen catalogue every behaviour test runs on
LIVE_DATA = ROOT / "data"  # what editors change: only tests/test_content.py reads it
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides")


def copy_project(dest: Path, data: Path = FIXTURE_DATA) -> Path:
    """Copy what `mkdocs build` needs into dest (the package itself is installed), with data as data/."""
    copy_parts(ROOT, dest, PROJECT_PARTS)
    shutil.copytree(data, dest / "data", ignore=shutil.ignore_patterns(".*"))
    return dest


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


# Material prints an end-of-life notice on every build; read once (README), silenced here.
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path, *extra: str, tool: str = "mkdocs", strict: bool = True,
                 env: dict[str, str] | None = None) -> BuildResult:
    """Run `mkdocs build --strict` in project, as CI would (tool="properdocs": its fork; strict=False: as
    an editor trying a draft would; env: more environment, e.g. SITE_URL as deploy sets it)."""
    proc = subprocess.run(
        [sys.executable, "-m", tool, "build", *(["--strict"] if strict else []), *extra],
        cwd=project, env={**BUILD_ENV, **(env or {})}, capture_output=True, text=True, timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, project / "site")


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The frozen fixture catalogue (tests/fixtures/data), loaded once."""
    return load_catalogue(FIXTURE_DATA, display_root=FIXTURES)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A scratch copy of the fixture catalogue's data/ that a test may break."""
    return Path(shutil.copytree(FIXTURE_DATA, tmp_path / "data"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the project, with the fixture catalogue as data/, that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The fixture catalogue, built once for the whole session."""
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
