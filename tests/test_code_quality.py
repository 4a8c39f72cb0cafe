"""The code's own checks: lint and format (ruff), types (mypy), the package's layers (import-linter),
and one name per concept."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from devtools.project import ROOT
from vlmguide.mkdocs.material_search import check_search_plugin

BIN = Path(sys.executable).parent  # the tools are pinned in the test extras
PACKAGE = ROOT / "src" / "vlmguide"


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--output-format=concise", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],  # files and settings: [tool.mypy] in pyproject.toml
        ["lint-imports"],  # contracts: [tool.importlinter] in pyproject.toml
    ],
    ids=["ruff-check", "ruff-format", "mypy", "import-linter"],
)
def test_code_check_is_clean(command):
    proc = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_only_the_mkdocs_layer_imports_mkdocs_or_material(tmp_path):
    """The contract can fail: a page builder that imports Material is reported."""
    offender = PACKAGE / "pages" / "_contract_probe.py"
    offender.write_text("import material  # noqa: F401\n", encoding="utf-8")
    try:
        proc = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        offender.unlink()
    assert proc.returncode != 0 and "vlmguide.pages._contract_probe -> material" in proc.stdout


def test_one_name_per_concept():
    """No two modules of the package share a base name, and no two of its classes share a name."""
    modules = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"]
    same_name = {name: n for name, n in Counter(p.stem for p in modules).items() if n > 1 and name != "__main__"}
    assert same_name == {}
    classes = Counter(
        node.name
        for p in modules
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    )
    assert {name: n for name, n in classes.items() if n > 1} == {}


def test_material_search_is_the_version_the_search_cache_was_written_for():
    check_search_plugin()  # raises MaterialSearchChanged, naming what changed
