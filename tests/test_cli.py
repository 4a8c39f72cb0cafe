"""The vlmguide command line, run as a separate process the way editors and CI run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def vlmguide(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vlmguide", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_validate_ok():
    result = vlmguide("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: 5 eras, 66 papers, 4 essay points"


def test_validate_reports_every_problem_without_traceback(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    papers = tmp_path / "data" / "papers.yaml"
    text = papers.read_text(encoding="utf-8")
    text = text.replace("    summary: 用大量的數據", "    sumary: 用大量的數據").replace("    year: 2014\n", "    year: 2015\n")
    papers.write_text(text, encoding="utf-8")
    result = vlmguide("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "3 problems in the catalogue:"
    assert any("data/papers.yaml:" in line and "unknown field 'sumary'" in line for line in lines)
    assert any("papers[0].year: year 2015 contradicts arXiv ID 1412.2306" in line for line in lines)


def test_schema_command_prints_both_schemas():
    result = vlmguide("schema")
    assert result.returncode == 0
    decoder = json.JSONDecoder()
    first, end = decoder.raw_decode(result.stdout)
    second, _ = decoder.raw_decode(result.stdout[end:].lstrip())
    assert {first["$id"], second["$id"]} == {"papers.schema.json", "essay.schema.json"}


def test_export_note_to_file(tmp_path):
    out = tmp_path / "note.md"
    result = vlmguide("export-note", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (ROOT / "tests" / "fixtures" / "vlm-papers-note.md").read_text(encoding="utf-8")
