"""The catalogue's cross-checks: one small function per rule, all listed in PAPERS_RULES.

They run on the raw data of papers.yaml, so they report even when some fields are broken
(the model's own validation reports those); each returns the problems it finds, located.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any, TypeGuard

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.errors import Problem, did_you_mean
from vlmguide.catalogue.source import Document, Loc
from vlmguide.catalogue.text import paper_mentions

Rule = Callable[[Document], list[Problem]]


def items(data: Any, key: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """(index, entry) of each mapping in the list data[key]; nothing if it is not one."""
    entries = data.get(key) if isinstance(data, dict) else None
    if isinstance(entries, list):
        yield from ((i, entry) for i, entry in enumerate(entries) if isinstance(entry, dict))


def _papers(doc: Document) -> dict[str, tuple[int, dict[str, Any]]]:
    """{paper id: (index, entry)} of the entries whose id is text."""
    return {p["id"]: (i, p) for i, p in items(doc.data, "papers") if isinstance(p.get("id"), str)}


def _is_year(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _unique(doc: Document, values: Iterable[tuple[Any, Loc]], what: str) -> list[Problem]:
    """A problem at each repeat of a value, naming the line of its first use."""
    seen: dict[Any, Loc] = {}
    problems = []
    for value, loc in values:
        if value is None or isinstance(value, (dict, list)):
            continue
        if value in seen:
            first_line = doc.where(seen[value])[0]
            problems.append(
                doc.problem(
                    loc,
                    f"duplicate {what} '{value}' (already used at line {first_line})",
                    f"each {what} must be unique",
                )
            )
        else:
            seen[value] = loc
    return problems


def _unique_field(section: str, field: str, what: str) -> Rule:
    """The rule that no two entries of section share their field."""

    def rule(doc: Document) -> list[Problem]:
        return _unique(doc, ((e.get(field), (section, i, field)) for i, e in items(doc.data, section)), what)

    rule.__name__ = f"unique_{section}_{field}"
    return rule


def _references(doc: Document, loc: Loc, value: Any, known: Iterable[str], what: str) -> list[Problem]:
    """A problem for each id in value (a list, or one id) that is not in known."""
    known = set(known)
    ids = value if isinstance(value, list) else [value]
    problems = []
    for j, ref in enumerate(ids):
        if isinstance(ref, str) and ref not in known:
            where = (*loc, j) if isinstance(value, list) else loc
            hint = did_you_mean(ref, sorted(known), f"add it to the {what}s first")
            problems.append(doc.problem(where, f"unknown {what} '{ref}'", hint))
    return problems


def unique_arxiv_ids(doc: Document) -> list[Problem]:
    """Two entries of one paper: the same arXiv ID, with or without a version."""
    return _unique(
        doc,
        (
            (arxiv.base_id(p["arxiv"]), ("papers", i, "arxiv"))
            for i, p in items(doc.data, "papers")
            if isinstance(p.get("arxiv"), str)
        ),
        "arXiv ID",
    )


def year_matches_arxiv_id(doc: Document) -> list[Problem]:
    """A paper's year is the year its arXiv ID was submitted."""
    problems = []
    for i, paper in items(doc.data, "papers"):
        text, year = paper.get("arxiv"), paper.get("year")
        parsed = None
        with contextlib.suppress(arxiv.ArxivIdError):  # a bad ID is reported by the model's validation
            parsed = arxiv.parse(text) if isinstance(text, str) else None
        if parsed and _is_year(year) and year != parsed.year:
            problems.append(
                doc.problem(
                    ("papers", i, "year"),
                    f"year {year} contradicts arXiv ID {text} (submitted {parsed.year}-{parsed.month:02d})",
                    f"set year: {parsed.year}, or correct the arXiv ID",
                )
            )
    return problems


def era_years_in_order(doc: Document) -> list[Problem]:
    problems = []
    for i, era in items(doc.data, "eras"):
        start, end = era.get("start"), era.get("end")
        if _is_year(start) and _is_year(end) and start > end:
            problems.append(doc.problem(("eras", i, "end"), f"end {end} is before start {start}", "swap start and end"))
    return problems


def paper_era_known(doc: Document) -> list[Problem]:
    eras = [e["id"] for _, e in items(doc.data, "eras") if isinstance(e.get("id"), str)]
    if not eras:
        return []
    problems = []
    for i, paper in items(doc.data, "papers"):
        era_id = paper.get("era")
        if isinstance(era_id, str) and era_id not in eras:
            problems.append(
                doc.problem(
                    ("papers", i, "era"),
                    f"unknown era '{era_id}'",
                    did_you_mean(era_id, eras, f"use one of: {', '.join(dict.fromkeys(eras))}"),
                )
            )
    return problems


def paper_year_within_era(doc: Document) -> list[Problem]:
    eras: dict[str, dict[str, Any]] = {}
    for _, entry in items(doc.data, "eras"):
        if isinstance(entry.get("id"), str):
            eras.setdefault(entry["id"], entry)
    problems = []
    for i, paper in items(doc.data, "papers"):
        era_id, year = paper.get("era"), paper.get("year")
        era = eras.get(era_id) if isinstance(era_id, str) else None
        if era is None or not isinstance(year, int):
            continue
        start, end = era.get("start"), era.get("end")
        if _is_year(start) and _is_year(end) and not start <= year <= end:
            problems.append(
                doc.problem(
                    ("papers", i, "year"),
                    f"year {year} is outside era '{paper['era']}' ({start}–{end})",
                    "move the paper to the right era, or widen the era's years",
                )
            )
    return problems


def highlights_are_era_papers(doc: Document) -> list[Problem]:
    """An era's highlights name papers of that era."""
    papers = _papers(doc)
    problems: list[Problem] = []
    for i, era in items(doc.data, "eras"):
        highlights = era.get("highlights")
        if not isinstance(highlights, list):
            continue
        problems += _references(doc, ("eras", i, "highlights"), highlights, papers, "paper")
        for j, paper_id in enumerate(highlights):
            if (
                isinstance(paper_id, str)
                and paper_id in papers
                and (own := papers[paper_id][1].get("era")) != era.get("id")
            ):
                problems.append(
                    doc.problem(
                        ("eras", i, "highlights", j),
                        f"'{paper_id}' belongs to era '{own}'",
                        "an era's highlights are papers of that era",
                    )
                )
    return problems


def path_steps_known(doc: Document) -> list[Problem]:
    papers = _papers(doc)
    return [
        problem
        for i, path in items(doc.data, "paths")
        for j, step in items(path, "steps")
        for problem in _references(doc, ("paths", i, "steps", j, "paper"), step.get("paper"), papers, "paper")
    ]


def paper_topics_known(doc: Document) -> list[Problem]:
    """Once the catalogue defines topics, every paper names 1 to 4 of them, each defined."""
    topics = [t["id"] for _, t in items(doc.data, "topics") if isinstance(t.get("id"), str)]
    if not topics:
        return []
    problems = []
    for i, paper in items(doc.data, "papers"):
        if isinstance(paper.get("topics"), list):
            problems += _references(doc, ("papers", i, "topics"), paper["topics"], topics, "topic")
        if not paper.get("topics"):
            problems.append(
                doc.problem(
                    ("papers", i),
                    "needs 1 to 4 topics",
                    f"add 'topics:' with ids from the topics list, e.g. {topics[0]}",
                )
            )
    return problems


def builds_on_earlier_papers(doc: Document) -> list[Problem]:
    """builds_on names known papers, never the paper itself, never a later year."""
    papers = _papers(doc)
    problems: list[Problem] = []
    for paper_id, (i, paper) in papers.items():
        earlier = paper.get("builds_on")
        if not isinstance(earlier, list):
            continue
        problems += _references(doc, ("papers", i, "builds_on"), earlier, papers, "paper")
        for j, ref in enumerate(earlier):
            loc = ("papers", i, "builds_on", j)
            if ref == paper_id:
                problems.append(doc.problem(loc, "a paper cannot build on itself", "remove it from builds_on"))
            elif isinstance(ref, str) and ref in papers and _later(papers[ref][1].get("year"), paper.get("year")):
                problems.append(
                    doc.problem(
                        loc,
                        f"builds on '{ref}', which is from a later year ({papers[ref][1]['year']})",
                        "lineage runs forward in time; check the ids",
                    )
                )
    return problems


def _later(year: Any, than: Any) -> bool:
    return isinstance(year, int) and isinstance(than, int) and year > than


def no_lineage_cycles(doc: Document) -> list[Problem]:
    """One problem per builds_on cycle (a builds on b builds on ... a)."""
    papers = _papers(doc)
    edges = {
        pid: [r for r in p.get("builds_on") or [] if isinstance(r, str) and r in papers and r != pid]
        for pid, (_, p) in papers.items()
        if isinstance(p.get("builds_on"), list)
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    problems: list[Problem] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt]
                problems.append(
                    doc.problem(
                        ("papers", papers[node][0], "builds_on"),
                        "lineage cycle: " + " -> ".join(cycle),
                        "a paper cannot (indirectly) build on itself; remove one link",
                    )
                )
            elif state.get(nxt) is None:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in edges:
        if state.get(node) is None:
            visit(node, [node])
    return problems


PAPERS_RULES: list[Rule] = [
    _unique_field("eras", "id", "era id"),
    _unique_field("papers", "id", "paper id"),
    _unique_field("papers", "number", "number"),
    _unique_field("topics", "id", "topic id"),
    _unique_field("paths", "id", "path id"),
    unique_arxiv_ids,
    year_matches_arxiv_id,
    era_years_in_order,
    paper_era_known,
    paper_year_within_era,
    highlights_are_era_papers,
    path_steps_known,
    paper_topics_known,
    builds_on_earlier_papers,
    no_lineage_cycles,
]


def essay_mentions_known(essay: Document, papers: Document) -> list[Problem]:
    """Every [name](paper:ID) in the essay names a paper of the catalogue."""
    known = sorted(_papers(papers))
    problems = []
    for loc, value in strings(essay.data, ()):
        for paper_id in paper_mentions(value):
            if paper_id not in known:
                problems.append(
                    essay.problem(
                        loc,
                        f"mentions unknown paper '{paper_id}'",
                        did_you_mean(paper_id, known, "use the id of a paper in papers.yaml"),
                    )
                )
    return problems


def strings(value: Any, loc: Loc) -> Iterable[tuple[Loc, str]]:
    """Every text in value, with its location."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, (*loc, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from strings(child, (*loc, i))
    elif isinstance(value, str):
        yield loc, value
