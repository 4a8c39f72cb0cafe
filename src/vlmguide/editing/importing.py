"""Importing a note into the catalogue, keeping what the note does not hold.

The note has no English titles, authors, stable ids or era ids. When a
catalogue already exists, those are carried over (papers matched by arXiv ID,
eras by title), so re-importing an edited note never loses an editor's work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vlmguide.catalogue.model import Catalogue, Paper
from vlmguide.editing.note import ParsedNote, link_mentions

# Fields that only the catalogue holds; a re-import keeps them.
CATALOGUE_ONLY_FIELDS = tuple(
    "id title authors published primary_category added topics builds_on code weights project reimplementations"
    " aliases remarks".split()
)


def merge(
    note: ParsedNote, existing: Catalogue | None, today: dt.date | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The data of papers.yaml and essay.yaml for this note, merged with an existing catalogue.
    Papers the catalogue did not have join it today."""
    eras = [dict(era) for era in note.eras]
    papers = [{**paper, "added": today or dt.date.today()} for paper in note.papers]
    if existing is not None:
        _keep_papers(papers, existing, _keep_eras(eras, existing))
    papers = [_ordered(paper) for paper in papers]
    essay = _link_essay(note.essay, {paper["name"]: paper["id"] for paper in papers})
    extra = {}
    if existing is not None:
        _keep_essay_remarks(essay, existing)
        extra = {"topics": [t.model_dump() for t in existing.topics], "paths": [p.model_dump() for p in existing.paths]}
    return {"title": note.title, "eras": eras, **extra, "papers": papers}, essay


def _keep_eras(eras: list[dict[str, Any]], existing: Catalogue) -> dict[str, str]:
    """Give eras the ids and highlights of the existing eras with their titles; {note's id: kept id}."""
    old_eras = {era.title: era for era in existing.eras}
    renamed = {}
    for era in eras:
        if (old_era := old_eras.get(era["title"])) is not None:
            renamed[era["id"]] = era["id"] = old_era.id
            if old_era.highlights:
                era["highlights"] = list(old_era.highlights)
    return renamed


def _keep_papers(papers: list[dict[str, Any]], existing: Catalogue, renamed_eras: dict[str, str]) -> None:
    """Carry over what only the catalogue holds, for the papers it has (matched by arXiv ID)."""
    known = {paper.arxiv: paper for paper in existing.papers}
    for paper in papers:
        paper["era"] = renamed_eras.get(paper["era"], paper["era"])
        if (old := known.get(paper["arxiv"])) is not None:
            paper.update(old.model_dump(include=set(CATALOGUE_ONLY_FIELDS), exclude_defaults=True))


def _keep_essay_remarks(essay: dict[str, Any], existing: Catalogue) -> None:
    """Remarks on the essay's points are the catalogue's own: kept for the point with the same heading."""
    remarks = {point.heading: point.remarks for point in existing.essay.points if point.remarks}
    for point in essay["points"]:
        if point["heading"] in remarks:
            point["remarks"] = [r.model_dump(exclude_defaults=True) for r in remarks[point["heading"]]]


def _ordered(paper: dict[str, Any]) -> dict[str, Any]:
    return {name: paper[name] for name in Paper.model_fields if name in paper}


def _link_essay(essay: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {
        "title": essay["title"],
        "lead": link_mentions(essay["lead"], names),
        "points": [
            {"heading": link_mentions(p["heading"], names), "text": link_mentions(p["text"], names)}
            for p in essay["points"]
        ],
        "conclusion": [link_mentions(text, names) for text in essay["conclusion"]],
    }
