"""The vlmguide command line, run as a separate process the way editors and CI run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from devtools.project import FIXTURE_DATA, ROOT
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.pages.note_export import export_note


def vlmguide(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vlmguide", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_validate_ok(catalogue):
    result = vlmguide("validate", "--data", str(FIXTURE_DATA))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"ok: {len(catalogue.eras)} eras, {len(catalogue.papers)} papers, {len(catalogue.essay.points)} essay points"
    )


def test_validate_reports_every_problem_without_traceback(data, catalogue):
    papers = DataFile(data / "papers.yaml")
    first = catalogue.papers[0]
    papers.rename_key(papers.paper_loc("clip", "summary"), "sumary")
    papers.set(papers.paper_loc(first.id, "year"), first.year + 1)
    result = vlmguide("validate", cwd=data.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "3 problems in the catalogue:"
    assert any("data/papers.yaml:" in line and "unknown field 'sumary'" in line for line in lines)
    assert any(f"papers[0].year: year {first.year + 1} contradicts arXiv ID {first.arxiv}" in line for line in lines)


def test_validate_warns_of_placeholders_and_strict_fails_on_them(data):
    papers = DataFile(data / "papers.yaml")
    loc = papers.paper_loc("clip", "key_techniques")
    papers.set(loc, ["待補"])
    item = (*loc, 0)
    expected = f"data/papers.yaml:{papers.line(item)}:{papers.column(item)}: papers[{loc[1]}].key_techniques[0]: placeholder 待補"
    plain = vlmguide("validate", cwd=data.parent)
    assert plain.returncode == 0 and plain.stdout.startswith("ok: ")
    assert plain.stderr.splitlines()[0] == "1 warning in the catalogue (not ready to publish):"
    assert expected in plain.stderr
    strict = vlmguide("validate", "--strict", cwd=data.parent)
    assert strict.returncode == 1 and expected in strict.stderr and "Traceback" not in strict.stderr


def test_schema_command_prints_both_schemas():
    result = vlmguide("schema")
    assert result.returncode == 0
    decoder = json.JSONDecoder()
    first, end = decoder.raw_decode(result.stdout)
    second, _ = decoder.raw_decode(result.stdout[end:].lstrip())
    assert {first["$id"], second["$id"]} == {"papers.schema.json", "essay.schema.json"}


def test_export_note_to_file(tmp_path, catalogue):
    out = tmp_path / "note.md"
    result = vlmguide("export-note", "--data", str(FIXTURE_DATA), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == export_note(catalogue)
