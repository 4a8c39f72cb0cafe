"""Reading papers.yaml entry by entry gives the Document reading the whole file gives: the same data,
positions, spans and problems (vlmguide.catalogue.entry_cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.project import FIXTURE_DATA, LIVE_DATA
from vlmguide.catalogue.entry_cache import EntryCache
from vlmguide.catalogue.source import read_document
from vlmguide.editing.yaml_edit import DataFile


def _same_as_whole(cache: EntryCache, path: Path) -> None:
    read, whole = cache.read(path), read_document(path)
    for field in ("data", "positions", "key_positions", "spans", "key_spans", "text", "problems"):
        assert getattr(read, field) == getattr(whole, field), field


@pytest.mark.parametrize("data", [LIVE_DATA, FIXTURE_DATA], ids=["live", "fixture"])
def test_an_edit_rereads_one_entry_and_gives_the_whole_files_document(data: Path, tmp_path: Path):
    path = tmp_path / "papers.yaml"
    path.write_text((data / "papers.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    cache = EntryCache("papers")
    _same_as_whole(cache, path)  # the first read reads the whole file
    count = len(read_document(path).data["papers"])
    _same_as_whole(cache, path)
    assert cache.hits == count

    papers = DataFile(path)
    papers.set(papers.paper_loc("clip", "summary"), "一行\n變成\n三行")  # later entries move down two lines
    papers.set(papers.paper_loc("vsepp", "key_techniques"), ["一", "二"])
    _same_as_whole(cache, path)
    assert cache.hits == count - 2


def _papers_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "papers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRIES = "  - id: a\n    name: A\n\n  # between entries\n  - id: b\n    name: 'B: two'\n"


@pytest.mark.parametrize(
    "text",
    [
        f"title: T\npapers:\n{ENTRIES}",  # the list ends the file
        f"title: T\npapers:  # the papers\n{ENTRIES}# a comment\neras: []\n",  # a key follows it
        "papers:\n- id: a\n- id: b\n",  # items at the key's indentation: read whole
        "papers: [{id: a}, {id: b}]\n",  # a flow list: read whole
    ],
)
def test_any_layout_gives_the_whole_files_document(text: str, tmp_path: Path):
    path = _papers_file(tmp_path, text)
    cache = EntryCache("papers")
    _same_as_whole(cache, path)
    _same_as_whole(cache, path)
    path.write_text(text.replace("id: b", "id: c"), encoding="utf-8")
    _same_as_whole(cache, path)


@pytest.mark.parametrize(
    "broken",
    [
        "    name: 'B: two\n",  # a quote never closed
        "    name: B\n    name: again\n",  # a duplicate key
        "    name: &anchor B\n",  # an anchor
        "    name: B\n\tsummary: tab\n",  # a tab
    ],
)
def test_a_broken_entry_is_reported_as_reading_the_whole_file_reports_it(broken: str, tmp_path: Path):
    text = f"title: T\npapers:\n{ENTRIES}"
    path = _papers_file(tmp_path, text)
    cache = EntryCache("papers")
    _same_as_whole(cache, path)
    path.write_text(text.replace("    name: 'B: two'\n", broken), encoding="utf-8")
    _same_as_whole(cache, path)
    assert read_document(path).problems
