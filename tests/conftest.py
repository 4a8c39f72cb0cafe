"""Shared fixtures: the frozen fixture catalogue, scratch copies of the project, and one build.

Behaviour tests run on FIXTURE_DATA, a frozen copy of the catalogue, so an editor's edit to
data/ never turns them red; tests/test_content.py checks what must hold for whatever data/
holds (LIVE_DATA). Edits are made with vlmguide.editing.yaml_edit.DataFile, by paper id and field.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from devtools.project import BUILD_ENV, FIXTURE_DATA, LIVE_DATA, ROOT, BuildResult, copy_project, mkdocs_build
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.catalogue.model import Catalogue

FIXTURES = ROOT / "tests" / "fixtures"
# The note's six columns, as every era table heads them (with a sort button each: tables.js).
ERA_COLUMNS = ["編號", "模型名稱", "發布年份", "簡單摘要 (核心思想)", "關鍵技術與閱讀重點", "基本原理 (核心機制)"]
__all__ = [
    "BUILD_ENV",
    "ERA_COLUMNS",
    "FIXTURES",
    "FIXTURE_DATA",
    "LIVE_DATA",
    "ROOT",
    "BuildResult",
    "copy_project",
    "mkdocs_build",
    "yaml_line",
]


def yaml_line(papers_file: Path, paper_id: str, field: str | None = None) -> int:
    """The line of paper_id's entry (or of its field) in papers_file, read from the text itself, so a
    test's expected file:line does not come from the loader whose positions it checks."""
    lines = papers_file.read_text(encoding="utf-8").splitlines()
    entry = next(
        i for i, line in enumerate(lines) if re.fullmatch(rf"\s*- id: ['\"]?{re.escape(paper_id)}['\"]?", line)
    )
    if field is None:
        return entry + 1
    indent = len(lines[entry]) - len(lines[entry].lstrip(" -"))
    for i in range(entry + 1, len(lines)):
        if re.match(rf" {{{indent}}}{re.escape(field)}:", lines[i]):
            return i + 1
        if re.match(rf" {{0,{indent - 1}}}\S", lines[i]):
            break
    raise AssertionError(f"{paper_id} has no {field}: line in {papers_file}")


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
    return copy_project(tmp_path / "project", FIXTURE_DATA)


@pytest.fixture
def served_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """project, for a test that builds it in this process as `mkdocs serve` does: run from the project
    (the search plugin reads data/search-terms.txt relative to it), and with jieba as a new process has
    it, whatever words another such test gave it (jieba is one tokenizer per process)."""
    import jieba

    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice (README)
    jieba.dt.__init__(jieba.dt.dictionary)  # as SearchEntryCache.refresh_segmenter starts it afresh
    return project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The fixture catalogue, built once for the whole session."""
    result = mkdocs_build(copy_project(tmp_path_factory.mktemp("build") / "project", FIXTURE_DATA))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium (tests.browser). Missing, it fails the run in CI and skips elsewhere."""
    from devtools.browser import chromium, chromium_available

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


@pytest.fixture(scope="session")
def node() -> str:
    """Node.js (Debian's, from scripts/setup.sh), to run the site's search worker. Missing, it fails
    the run in CI and skips elsewhere."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: run scripts/setup.sh")
        pytest.skip("node is not installed (scripts/setup.sh installs it)")
    return found


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write the generated pages tests/test_golden.py compares into tests/fixtures/golden/",
    )
