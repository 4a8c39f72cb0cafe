"""Filling a paper's missing first-version date and primary category from the arXiv API's answer.

`vlmguide linkcheck` asks the API about every ID in one request; what it answers for papers
that lack `published` or `primary_category` is turned into fills here. Without
`--fill-metadata` they are listed; with it they are written into data/papers.yaml by field
(vlmguide.editing.yaml_edit), so the rest of the file stays byte for byte as it was, and only
if the catalogue they make is valid.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vlmguide.arxiv.api import Entry
from vlmguide.arxiv.ids import base_id
from vlmguide.catalogue.loader import PAPERS_FILE
from vlmguide.catalogue.model import Catalogue
from vlmguide.editing.writer import replace_validated
from vlmguide.editing.yaml_edit import DataFile


@dataclass(frozen=True)
class Fill:
    """One value arXiv gave for a field the catalogue leaves empty."""

    paper_id: str
    field: str  # "published" or "primary_category"
    value: str
    source: str  # file:line of the paper's entry, e.g. data/papers.yaml:440

    def __str__(self) -> str:
        return f"{self.source}: {self.paper_id}.{self.field}: {self.value} (from the arXiv API)"


def fills_for(catalogue: Catalogue, entries: Mapping[str, Entry]) -> list[Fill]:
    """What the API's entries (by base ID) can fill in, in catalogue order."""
    fills = []
    for paper in catalogue.papers:
        entry = entries.get(base_id(paper.arxiv))
        if entry is None:
            continue
        source = catalogue.source_of(paper.id)
        if paper.published is None and entry.published:
            fills.append(Fill(paper.id, "published", entry.published, source))
        if paper.primary_category is None and entry.primary_category:
            fills.append(Fill(paper.id, "primary_category", entry.primary_category, source))
    return fills


# Where a new field goes in an entry: after the last of these that the entry has.
_AFTER = {"published": ("authors", "title", "arxiv"), "primary_category": ("published", "authors", "title", "arxiv")}


def apply_fills(data_dir: Path, fills: list[Fill]) -> Catalogue:
    """Write fills into data_dir/papers.yaml, field by field; raises CatalogueError (nothing written)
    if the result would not be a valid catalogue."""
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / PAPERS_FILE
        shutil.copy2(data_dir / PAPERS_FILE, draft)
        papers = DataFile(draft)
        for fill in fills:
            entry = papers.value(papers.paper_loc(fill.paper_id))
            after = next(name for name in _AFTER[fill.field] if name in entry)
            value: object = dt.date.fromisoformat(fill.value) if fill.field == "published" else fill.value
            papers.insert_after(papers.paper_loc(fill.paper_id, after), fill.field, value)
        text = draft.read_text(encoding="utf-8")
    return replace_validated(data_dir, {PAPERS_FILE: text})


def fills_markdown(fills: list[Fill]) -> str:
    """The fills as a Markdown list for a pull request's body: what each value is and where it goes."""
    lines = [
        "The weekly link check asked the arXiv API about every paper; it gives these values that the",
        "catalogue lacks. Each is written into its paper's entry, and nothing else in the file changes.",
        "",
        "| where | paper | field | value |",
        "| --- | --- | --- | --- |",
        *(f"| `{fill.source}` | {fill.paper_id} | `{fill.field}` | {fill.value} |" for fill in fills),
    ]
    return "\n".join(lines) + "\n"
