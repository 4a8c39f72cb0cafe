"""The one loader: data/*.yaml -> a validated, cross-checked Catalogue.

Every problem in every file is collected and raised together as a
CatalogueError, so an editor fixes them all in one pass.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.errors import CatalogueError, Problem
from vlmguide.catalogue.model import Catalogue, CatalogueFile, Essay, Paper
from vlmguide.catalogue.source import Document, dotted, read_document
from vlmguide.catalogue.text import MAX_TEXT_CHARS, PLACEHOLDER, InvisibleCharacterError, paper_mentions

PAPERS_FILE = "papers.yaml"
ESSAY_FILE = "essay.yaml"


def load_catalogue(data_dir: Path, display_root: Path | None = None) -> Catalogue:
    """Load and validate data_dir/papers.yaml and data_dir/essay.yaml.

    display_root: file names in messages are shown relative to it (default: cwd).
    """
    root = display_root or Path.cwd()
    papers_doc = read_document(data_dir / PAPERS_FILE, _display(data_dir / PAPERS_FILE, root))
    essay_doc = read_document(data_dir / ESSAY_FILE, _display(data_dir / ESSAY_FILE, root))
    problems = [*papers_doc.problems, *essay_doc.problems]

    cat_file = _validate(CatalogueFile, papers_doc, problems) if not papers_doc.problems else None
    essay = _validate(Essay, essay_doc, problems) if not essay_doc.problems else None
    if papers_doc.data is not None:
        problems += _cross_check(papers_doc)
    if essay_doc.data is not None and papers_doc.data is not None:
        problems += _check_mentions(essay_doc, _known_paper_ids(papers_doc.data))
    if problems or cat_file is None or essay is None:
        raise CatalogueError(problems)
    return Catalogue(
        title=cat_file.title,
        eras=tuple(cat_file.eras),
        papers=tuple(cat_file.papers),
        essay=essay,
        topics=tuple(cat_file.topics),
        paths=tuple(cat_file.paths),
        paper_lines={p.id: papers_doc.where(("papers", i))[0] for i, p in enumerate(cat_file.papers)},
        field_lines={
            (p.id, name): papers_doc.where(("papers", i, name))[0]
            for i, p in enumerate(cat_file.papers)
            for name in Paper.model_fields
        },
        warnings=(*placeholders(papers_doc), *placeholders(essay_doc)),
    )


def placeholders(doc: Document) -> list[Problem]:
    """A warning at each 待補 left in a text of doc, at the placeholder's own line and column."""
    return [
        _at_text(
            doc,
            loc,
            PLACEHOLDER,
            f"placeholder {PLACEHOLDER} is not written yet",
            "write the text; a strict build (CI, deploy) refuses to publish it",
        )
        for loc, value in _strings(doc.data, ())
        if PLACEHOLDER in value
    ]


def _strings(value: Any, loc: tuple[Any, ...]) -> Iterable[tuple[tuple[Any, ...], str]]:
    """Every text in value, with its location."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*loc, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _strings(child, (*loc, i))
    elif isinstance(value, str):
        yield loc, value


def did_you_mean(name: str, known: Iterable[str], otherwise: str) -> str:
    """The hint for a name that is not among known: the closest known one, or otherwise."""
    guess = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{guess[0]}'?" if guess else otherwise


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], doc: Document, problems: list[Problem]) -> M | None:
    if not isinstance(doc.data, dict):
        problems.append(
            doc.problem(
                (),
                "the file must be a mapping of fields (name: value)",
                f"expected fields: {', '.join(model.model_fields)}",
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_problem_from_error(doc, model, err) for err in exc.errors())
        return None


def _problem_from_error(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    """Turn one pydantic error into a located, readable Problem."""
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        parent = list(_model_at(model, loc[:-1]).model_fields)
        hint = did_you_mean(str(loc[-1]), parent, f"allowed: {', '.join(parent)}")
        return doc.problem(loc, f"unknown field '{loc[-1]}'", hint, key=True)
    if kind == "missing":
        line, col = doc.where(loc[:-1])
        return Problem(doc.display, line, col, dotted(loc), "missing required field", f"add '{loc[-1]}:' to this entry")
    if kind == "string_too_short" or (kind == "too_short" and value == []):
        return doc.problem(loc, "must not be empty", "write the text, or remove the field if optional")
    if kind == "string_too_long":
        return doc.problem(
            loc,
            f"is {len(value):,} characters long, more than the {MAX_TEXT_CHARS:,} a text may have",
            "shorten it: this is a reading guide, not the paper",
        )
    if kind == "too_short":
        return doc.problem(loc, "needs at least one item", "add an item on a line starting with '- '")
    if kind == "string_pattern_mismatch" and loc[-1] == "arxiv":
        try:
            arxiv.parse(value)
        except arxiv.ArxivIdError as exc:
            message, _, hint = str(exc).partition(" (")
            return doc.problem(loc, message, hint.removesuffix(")"))
    if kind == "string_pattern_mismatch" and loc[-1] in ("id", "era"):
        return doc.problem(
            loc, f"'{value}' is not a valid id", "use lower-case letters, digits and '-', e.g. clip-adapter"
        )
    if kind.endswith("_type"):
        return doc.problem(
            loc,
            f"expected {_TYPE_NAMES.get(kind, kind[:-5])}, got {_describe(value)}",
            _TYPE_HINTS.get(kind, "fix the value's type"),
        )
    message = err["msg"].removeprefix("Value error, ")
    message, _, hint = message.partition(" (")
    if isinstance(error := (err.get("ctx") or {}).get("error"), InvisibleCharacterError):
        return _at_text(doc, loc, error.char, message, hint.removesuffix(")"))
    return doc.problem(loc, message, hint.removesuffix(")"))


def _at_text(doc: Document, loc: tuple[Any, ...], needle: str, message: str, hint: str) -> Problem:
    """A problem at needle's own line and column inside the value at loc (at the value, if it is
    written another way there, e.g. as an escape in quotes)."""
    start, end = doc.spans.get(loc, (0, 0))
    offset = doc.text.find(needle, start, end)
    if offset < 0:
        return doc.problem(loc, message, hint)
    line, col = doc.line_col(offset)
    return Problem(doc.display, line, col, dotted(loc), message, hint)


_TYPE_NAMES = {
    "int_type": "a whole number",
    "string_type": "text",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "date_type": "a date",
    "date_from_datetime_parsing": "a date",
}
_TYPE_HINTS = {
    "int_type": "write digits without quotes, e.g. 2021",
    "string_type": "put the text in quotes if YAML reads it as a number or date",
    "list_type": "write one item per line, each starting with '- '",
    "model_type": "write the fields as 'name: value' lines under this item",
    "date_type": "write the date as YYYY-MM-DD",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that describes the mapping at loc (following list items and sub-models)."""
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        for candidate in (annotation, *get_args(annotation)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
    return model


def _items(data: Any, key: str) -> Iterable[tuple[int, dict[str, Any]]]:
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        yield from ((i, item) for i, item in enumerate(items) if isinstance(item, dict))


def _known_paper_ids(data: Any) -> set[str]:
    return {item["id"] for _, item in _items(data, "papers") if isinstance(item.get("id"), str)}


def _cross_check(doc: Document) -> list[Problem]:
    """Checks across entries, run on the raw data so they report even when fields are broken."""
    problems: list[Problem] = []
    seen_eras: dict[str, Any] = {}
    eras: dict[str, dict[str, Any]] = {}
    for i, era in _items(doc.data, "eras"):
        _first_seen(doc, seen_eras, era.get("id"), ("eras", i, "id"), "era id", problems)
        if isinstance(era.get("id"), str):
            eras.setdefault(era["id"], era)
    seen_ids: dict[str, Any] = {}
    seen_arxiv: dict[str, Any] = {}
    seen_numbers: dict[str, Any] = {}
    for i, paper in _items(doc.data, "papers"):
        loc = ("papers", i)
        _first_seen(doc, seen_ids, paper.get("id"), (*loc, "id"), "paper id", problems)
        _first_seen(doc, seen_numbers, paper.get("number"), (*loc, "number"), "number", problems)
        arxiv_text = paper.get("arxiv")
        parsed = None
        if isinstance(arxiv_text, str):
            with contextlib.suppress(arxiv.ArxivIdError):  # reported by the model's validation
                parsed = arxiv.parse(arxiv_text)
            key = parsed.base if parsed else arxiv_text
            _first_seen(doc, seen_arxiv, key, (*loc, "arxiv"), "arXiv ID", problems)
        year = paper.get("year")
        if parsed and isinstance(year, int) and not isinstance(year, bool) and year != parsed.year:
            problems.append(
                doc.problem(
                    (*loc, "year"),
                    f"year {year} contradicts arXiv ID {arxiv_text} (submitted {parsed.year}-{parsed.month:02d})",
                    f"set year: {parsed.year}, or correct the arXiv ID",
                )
            )
        era_id = paper.get("era")
        if isinstance(era_id, str) and eras and era_id not in eras:
            problems.append(
                doc.problem(
                    (*loc, "era"),
                    f"unknown era '{era_id}'",
                    did_you_mean(era_id, eras, f"use one of: {', '.join(eras)}"),
                )
            )
        elif isinstance(era_id, str) and era_id in eras and isinstance(year, int):
            era = eras[era_id]
            start, end = era.get("start"), era.get("end")
            if isinstance(start, int) and isinstance(end, int) and not start <= year <= end:
                problems.append(
                    doc.problem(
                        (*loc, "year"),
                        f"year {year} is outside era '{era_id}' ({start}–{end})",
                        "move the paper to the right era, or widen the era's years",
                    )
                )
    for i, era in _items(doc.data, "eras"):
        start, end = era.get("start"), era.get("end")
        if isinstance(start, int) and isinstance(end, int) and start > end:
            problems.append(doc.problem(("eras", i, "end"), f"end {end} is before start {start}", "swap start and end"))
    problems += _check_topics_and_lineage(doc)
    problems += _check_highlights(doc)
    return problems


def _check_highlights(doc: Document) -> list[Problem]:
    """An era's highlights name papers of that era."""
    papers = {p["id"]: p for _, p in _items(doc.data, "papers") if isinstance(p.get("id"), str)}
    problems: list[Problem] = []
    for i, era in _items(doc.data, "eras"):
        highlights = era.get("highlights")
        if not isinstance(highlights, list):
            continue
        problems += _references(doc, ("eras", i, "highlights"), highlights, papers, "paper")
        for j, paper_id in enumerate(highlights):
            if paper_id in papers and papers[paper_id].get("era") != era.get("id"):
                problems.append(
                    doc.problem(
                        ("eras", i, "highlights", j),
                        f"'{paper_id}' belongs to era '{papers[paper_id].get('era')}'",
                        "an era's highlights are papers of that era",
                    )
                )
    return problems


def _references(doc: Document, loc: tuple[Any, ...], value: Any, known: dict[str, Any], what: str) -> list[Problem]:
    """A problem for each id in value (a list, or one id) that is not in known."""
    ids = value if isinstance(value, list) else [value]
    problems = []
    for j, ref in enumerate(ids):
        if isinstance(ref, str) and ref not in known:
            where = (*loc, j) if isinstance(value, list) else loc
            problems.append(
                doc.problem(
                    where,
                    f"unknown {what} '{ref}'",
                    did_you_mean(ref, known, f"add it to the {what}s first"),
                )
            )
    return problems


def _check_topics_and_lineage(doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    topics: dict[str, Any] = {}
    for i, topic in _items(doc.data, "topics"):
        _first_seen(doc, topics, topic.get("id"), ("topics", i, "id"), "topic id", problems)
    papers = {p["id"]: (i, p) for i, p in _items(doc.data, "papers") if isinstance(p.get("id"), str)}
    paths: dict[str, Any] = {}
    for i, path in _items(doc.data, "paths"):
        _first_seen(doc, paths, path.get("id"), ("paths", i, "id"), "path id", problems)
        for j, step in _items(path, "steps"):
            problems += _references(doc, ("paths", i, "steps", j, "paper"), step.get("paper"), papers, "paper")
    for paper_id, (i, paper) in papers.items():
        if topics and isinstance(paper.get("topics"), list):
            problems += _references(doc, ("papers", i, "topics"), paper["topics"], topics, "topic")
        if topics and not paper.get("topics"):
            problems.append(
                doc.problem(
                    ("papers", i),
                    "needs 1 to 4 topics",
                    f"add 'topics:' with ids from the topics list, e.g. {next(iter(topics))}",
                )
            )
        earlier = paper.get("builds_on")
        if not isinstance(earlier, list):
            continue
        problems += _references(doc, ("papers", i, "builds_on"), earlier, papers, "paper")
        for j, ref in enumerate(earlier):
            if ref == paper_id:
                problems.append(
                    doc.problem(
                        ("papers", i, "builds_on", j), "a paper cannot build on itself", "remove it from builds_on"
                    )
                )
            elif (
                ref in papers
                and isinstance(papers[ref][1].get("year"), int)
                and isinstance(paper.get("year"), int)
                and papers[ref][1]["year"] > paper["year"]
            ):
                problems.append(
                    doc.problem(
                        ("papers", i, "builds_on", j),
                        f"builds on '{ref}', which is from a later year ({papers[ref][1]['year']})",
                        "lineage runs forward in time; check the ids",
                    )
                )
    problems += _cycles(doc, papers)
    return problems


def _cycles(doc: Document, papers: dict[str, tuple[int, dict[str, Any]]]) -> list[Problem]:
    """One problem per builds_on cycle (a builds on b builds on ... a)."""
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
                i = papers[node][0]
                problems.append(
                    doc.problem(
                        ("papers", i, "builds_on"),
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


def _first_seen(
    doc: Document, seen: dict[Any, Any], value: Any, loc: tuple[Any, ...], what: str, problems: list[Problem]
) -> None:
    """Record value; report a duplicate, naming the line of its first use."""
    if value is None or isinstance(value, (dict, list)):
        return
    if value in seen:
        first_line = doc.where(seen[value])[0]
        problems.append(
            doc.problem(
                loc, f"duplicate {what} '{value}' (already used at line {first_line})", f"each {what} must be unique"
            )
        )
    else:
        seen[value] = loc


def _check_mentions(doc: Document, known: set[str]) -> list[Problem]:
    """Every [name](paper:ID) in the essay must name a paper of the catalogue."""
    problems = []
    for loc, value in _strings(doc.data, ()):
        for paper_id in paper_mentions(value):
            if paper_id not in known:
                problems.append(
                    doc.problem(
                        loc,
                        f"mentions unknown paper '{paper_id}'",
                        did_you_mean(paper_id, sorted(known), "use the id of a paper in papers.yaml"),
                    )
                )
    return problems
