"""The catalogue as downloads: JSON (versioned schema), CSV, BibTeX and the note's Markdown.

Written next to the site by the hook; every format is parsed back in the tests.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from vlmguide.catalogue.model import Catalogue, Era, Essay, Paper, ReadingPath, Topic
from vlmguide.pages.bibtex import bibliography
from vlmguide.pages.note_export import export_note

JSON_SCHEMA_VERSION: Literal[1] = 1
CSV_COLUMNS = """
number id name year era arxiv title authors published primary_category added topics builds_on
code weights project reimplementations summary key_techniques mechanism aliases remarks
""".split()
LIST_SEPARATOR = "; "  # inside a CSV cell; key techniques keep the note's 、 within an item


class CatalogueExport(BaseModel):
    """downloads/catalogue.json; schema/catalogue-export.schema.json is generated from this model."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1]
    title: str
    eras: list[Era]
    topics: list[Topic]
    paths: list[ReadingPath]
    papers: list[Paper]
    essay: Essay


def to_json(catalogue: Catalogue) -> str:
    export = CatalogueExport(
        schema_version=JSON_SCHEMA_VERSION,
        title=catalogue.title,
        eras=list(catalogue.eras),
        topics=list(catalogue.topics),
        paths=list(catalogue.paths),
        papers=list(catalogue.papers),
        essay=catalogue.essay,
    )
    return export.model_dump_json(indent=2, exclude_none=True) + "\n"


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_labelled(v) if isinstance(v, dict) else v for v in value)
    if isinstance(value, dict):  # an official link: its URL (the JSON download says what shows it)
        return str(value["url"])
    return "" if value is None else str(value)


def _labelled(item: dict[str, Any]) -> str:
    """An editor's remark or a reimplementation in a CSV cell: its text (or name), then its link in angle brackets."""
    link = item.get("source") if "text" in item else item.get("url")
    return str(item.get("text") or item.get("name")) + (f" <{link}>" if link else "")


def to_csv(catalogue: Catalogue) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for paper in catalogue.papers:
        data = paper.model_dump()
        writer.writerow({column: _cell(data[column]) for column in CSV_COLUMNS})
    return out.getvalue()


def downloads(catalogue: Catalogue) -> dict[str, str]:
    """{file name under downloads/: content}."""
    return {
        "catalogue.json": to_json(catalogue),
        "catalogue.csv": to_csv(catalogue),
        "papers.bib": bibliography(catalogue),
        "vlm-papers-note.md": export_note(catalogue),
    }
