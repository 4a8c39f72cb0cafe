"""Synthetic catalogues of any size in the real schema, for growth benchmarks and scale tests.

Paper k is a copy of real paper k mod n, n the real papers' count ("copy" k // n): same era, year, topics and texts (not
the editor's remarks and aliases, which belong to the real paper),
its own id, number and arXiv ID, and builds_on pointing at the same copy of each earlier
paper, so the lineage stays acyclic and runs forward in time. The essay, topics and reading
paths are the real ones (paths name copy-0 papers, which are the originals).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from devtools.project import ROOT, SITE_PARTS, copy_parts
from vlmguide.arxiv.ids import base_id
from vlmguide.catalogue.loader import ESSAY_FILE, PAPERS_FILE
from vlmguide.editing.writer import dump_yaml


def synthetic_data(papers_data: dict[str, Any], count: int) -> dict[str, Any]:
    """papers.yaml data with count papers, grown from (or cut down to) the real ones."""
    originals = papers_data["papers"]
    used_arxiv = {base_id(p["arxiv"]) for p in originals}
    papers = []
    for k in range(count):
        copy, base = divmod(k, len(originals))
        source = originals[base]
        if copy == 0:
            papers.append(source)
            continue

        def renamed(paper_id: str, copy: int = copy) -> str:
            return f"{paper_id}-copy{copy}"

        paper = dict(
            source,
            id=renamed(source["id"]),
            number=k + 1,
            name=f"{source['name']} #{copy}",
            arxiv=free_arxiv_id(source["arxiv"], used_arxiv),
        )
        # An editor's remark and an alias belong to the real paper (they name its ID, its other name).
        paper.pop("remarks", None)
        paper.pop("aliases", None)
        if source.get("builds_on"):
            paper["builds_on"] = [renamed(e) for e in source["builds_on"]]
        if source.get("title"):
            paper["title"] = f"{source['title']} (variant {copy})"
        papers.append(paper)
    kept = {p["id"] for p in papers}
    paths = [p for p in papers_data.get("paths", []) if all(s["paper"] in kept for s in p["steps"])]
    return dict(papers_data, paths=paths, papers=papers)


def free_arxiv_id(original: str, used: set[str]) -> str:
    """An unused arXiv ID from the same month as original (so year checks still hold)."""
    month, number = base_id(original).split(".")
    width = len(number)
    candidate = int(number)
    while True:
        candidate = (candidate + 7919) % 10**width
        text = f"{month}.{candidate:0{width}d}"
        if text not in used:
            used.add(text)
            return text


def write_project(target: Path, papers_data: dict[str, Any], essay_text: str, search_terms: Path) -> None:
    """A buildable project at target: the site's files plus the given catalogue and search dictionary."""
    copy_parts(ROOT, target, SITE_PARTS)
    (target / "data").mkdir()
    shutil.copy2(search_terms, target / "data" / "search-terms.txt")
    (target / "data" / PAPERS_FILE).write_text(dump_yaml(papers_data, "papers"), encoding="utf-8")
    (target / "data" / ESSAY_FILE).write_text(essay_text, encoding="utf-8")
