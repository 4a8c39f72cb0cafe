"""The note format: import, export, and the proof that the catalogue transcribes the note faithfully.

The fixture catalogue is the note's transcription: this is the one place the note's exact text
is asserted. That whatever data/ holds round-trips through the note format is checked in
tests/test_content.py.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.catalogue.text import paper_mentions
from vlmguide.cli import main
from vlmguide.editing.note import NoteFormatError, id_from_name, link_mentions, parse_note
from vlmguide.pages.note_export import export_note

NOTE = FIXTURES / "vlm-papers-note.md"


def test_export_of_the_fixture_catalogue_reproduces_the_note_exactly(catalogue):
    assert export_note(catalogue) == NOTE.read_text(encoding="utf-8")


def test_importing_the_note_reproduces_the_fixture_catalogue_exactly(data, catalogue):
    """Into the fixture catalogue (which alone holds titles, authors, topics, lineage): nothing changes."""
    result = CliRunner().invoke(main, ["import-note", str(NOTE), "--data", str(data)])
    assert result.exit_code == 0, result.output
    imported = load_catalogue(data)
    # positions and names of the files
    where = {"paper_lines", "field_lines", "papers_file", "essay_file", "script_terms_file"}
    assert imported.model_dump(exclude=where) == catalogue.model_dump(exclude=where)


def test_import_then_export_round_trips(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["import-note", str(NOTE), "--data", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(main, ["export-note", "--data", str(tmp_path / "data")])
    assert exported.exit_code == 0, exported.output
    assert exported.output == NOTE.read_text(encoding="utf-8")


def test_reimport_keeps_what_only_the_catalogue_holds(tmp_path, data, catalogue):
    clip = catalogue.papers_by_id["clip"]
    edited = NOTE.read_text(encoding="utf-8").replace(f" | {clip.summary} | ", " | 改寫過的摘要 | ", 1)
    note = tmp_path / "note.md"
    note.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(main, ["import-note", str(note), "--data", str(data)])
    assert result.exit_code == 0, result.output
    after = load_catalogue(data)
    assert after.papers_by_id["clip"].summary == "改寫過的摘要"
    assert after.papers_by_id["clip"] == clip.model_copy(update={"summary": "改寫過的摘要"})
    assert [e.id for e in after.eras] == [e.id for e in catalogue.eras]
    unchanged = [p for p in after.papers if p.id != "clip"]
    assert unchanged == [p for p in catalogue.papers if p.id != "clip"]
    assert after.essay == catalogue.essay


def test_import_of_an_invalid_note_writes_nothing(tmp_path, data, catalogue):
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    clip = catalogue.papers_by_id["clip"]
    bad = NOTE.read_text(encoding="utf-8").replace(
        f"https://arxiv.org/pdf/{clip.arxiv}.pdf", f"https://arxiv.org/pdf/{clip.arxiv[:-1]}.pdf"
    )
    note = tmp_path / "note.md"
    note.write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["import-note", str(note), "--data", str(data)])
    assert result.exit_code == 1
    assert f"papers[{catalogue.papers.index(clip)}].arxiv" in result.output
    assert "nothing was written" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (lambda t: t.replace("## ", "# ", 1), "line 1: the note must start with '## <title>'"),
        (lambda t: t.replace("#### 提升視覺表徵與簡化架構 (2021)", "#### 提升視覺表徵與簡化架構"), "era heading"),
        (
            lambda t: t.replace(
                "| 18 | [**CLIP**](https://arxiv.org/pdf/2103.00020.pdf) (2021) | 2021 |",
                "| 18 | [**CLIP**](https://arxiv.org/pdf/2103.00020.pdf) (2021) | 2020 |",
            ),
            "differs",
        ),
        (
            lambda t: t.replace(
                "| 18 | [**CLIP**](https://arxiv.org/pdf/2103.00020.pdf)",
                "| 18 | [**CLIP**](https://example.org/2103.00020.pdf)",
            ),
            "not an arxiv.org/pdf/ URL",
        ),
        (lambda t: t[: t.index("***")], "no essay found"),
    ],
)
def test_malformed_notes_name_the_line(broken, message):
    with pytest.raises(NoteFormatError, match=message):
        parse_note(broken(NOTE.read_text(encoding="utf-8")))


def test_paper_ids_from_names():
    assert [id_from_name(n) for n in ["VSE++", "BLIP-2", "VL T5", "Unified VLP", "BEiT v3", "CLIP"]] == [
        "vsepp",
        "blip-2",
        "vl-t5",
        "unified-vlp",
        "beit-v3",
        "clip",
    ]


def test_mentions_match_whole_names_longest_first():
    names = {"BLIP": "blip", "BLIP-2": "blip-2", "InstructBLIP": "instructblip", "VSE": "vse", "VSE++": "vsepp"}
    text = "BLIP-2、InstructBLIP 與 BLIP;VSE 到 VSE++"
    assert link_mentions(text, names) == (
        "[BLIP-2](paper:blip-2)、[InstructBLIP](paper:instructblip) 與 [BLIP](paper:blip);"
        "[VSE](paper:vse) 到 [VSE++](paper:vsepp)"
    )


def test_every_paper_named_in_the_essay_is_linked(catalogue):
    essay = catalogue.essay
    texts = [essay.lead, *(p.text for p in essay.points), *essay.conclusion]
    linked = {m for t in texts for m in paper_mentions(t)}
    assert linked == {
        "vse",
        "vilbert",
        "lxmert",
        "clip",
        "vilt",
        "blip-2",
        "minigpt-4",
        "ofa",
        "coca",
        "llava",
        "instructblip",
        "visionllm",
    }
