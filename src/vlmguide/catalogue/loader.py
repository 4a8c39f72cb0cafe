"""The one loader: data/*.yaml -> a validated, cross-checked Catalogue.

Every problem in every file is collected and raised together as a CatalogueError, so an
editor fixes them all in one pass: the files' shape (vlmguide.catalogue.source), each field
(the model, vlmguide.catalogue.model_errors), then the rules across entries (vlmguide.catalogue.rules).
"""

from __future__ import annotations

from pathlib import Path

from vlmguide.catalogue.entry_cache import EntryCache
from vlmguide.catalogue.errors import CatalogueError, Problem
from vlmguide.catalogue.model import Catalogue, CatalogueFile, Essay, Paper, ScriptTerms
from vlmguide.catalogue.model_errors import validate
from vlmguide.catalogue.rules import PAPERS_RULES, essay_mentions_known, strings
from vlmguide.catalogue.source import Document, read_document
from vlmguide.catalogue.text import PLACEHOLDER

# The data files, inside the data folder (data/ in the project; --data elsewhere).
DATA_DIR = "data"
PAPERS_FILE = "papers.yaml"
ESSAY_FILE = "essay.yaml"
# Optional: the zh-Hans edition's term tables (vlmguide.pages.simplified); without it, plain OpenCC tw2sp.
SCRIPT_TERMS_FILE = "zh-hans.yaml"


def load_catalogue(data_dir: Path, display_root: Path | None = None, papers: EntryCache | None = None) -> Catalogue:
    """Load and validate data_dir/papers.yaml, data_dir/essay.yaml and, if it exists, data_dir/zh-hans.yaml.

    display_root: file names in messages and in the Catalogue are relative to it (default: cwd).
    papers: under serve, reads papers.yaml reusing the papers read last time (vlmguide.catalogue.entry_cache).
    """
    root = display_root or Path.cwd()
    read_papers = papers.read if papers is not None else read_document
    papers_doc = read_papers(data_dir / PAPERS_FILE, _display(data_dir / PAPERS_FILE, root))
    essay_doc = read_document(data_dir / ESSAY_FILE, _display(data_dir / ESSAY_FILE, root))
    problems = [*papers_doc.problems, *essay_doc.problems]
    terms_doc, terms = _script_terms(data_dir / SCRIPT_TERMS_FILE, root, problems)

    cat_file = validate(CatalogueFile, papers_doc, problems) if not papers_doc.problems else None
    essay = validate(Essay, essay_doc, problems) if not essay_doc.problems else None
    if papers_doc.data is not None:
        for rule in PAPERS_RULES:
            problems += rule(papers_doc)
        if essay_doc.data is not None:
            problems += essay_mentions_known(essay_doc, papers_doc)
    if problems or cat_file is None or essay is None:
        raise CatalogueError(problems)
    return Catalogue(
        title=cat_file.title,
        eras=tuple(cat_file.eras),
        papers=tuple(cat_file.papers),
        essay=essay,
        topics=tuple(cat_file.topics),
        paths=tuple(cat_file.paths),
        papers_file=papers_doc.display,
        essay_file=essay_doc.display,
        paper_lines={p.id: papers_doc.where(("papers", i))[0] for i, p in enumerate(cat_file.papers)},
        field_lines={
            (p.id, name): papers_doc.where(("papers", i, name))[0]
            for i, p in enumerate(cat_file.papers)
            for name in Paper.model_fields
        },
        warnings=(*placeholders(papers_doc), *placeholders(essay_doc)),
        script_terms=terms,
        script_terms_file=terms_doc.display if terms_doc else None,
    )


def _script_terms(path: Path, root: Path, problems: list[Problem]) -> tuple[Document | None, ScriptTerms]:
    """The zh-Hans term tables of path, if the file exists (else empty), with its problems appended."""
    if not path.exists():
        return None, ScriptTerms()
    doc = read_document(path, _display(path, root))
    problems += doc.problems
    terms = validate(ScriptTerms, doc, problems) if not doc.problems else None
    return doc, terms or ScriptTerms()


def placeholders(doc: Document) -> list[Problem]:
    """A warning at each 待補 left in a text of doc, at the placeholder's own line and column."""
    return [
        doc.problem_at_text(
            loc,
            PLACEHOLDER,
            f"placeholder {PLACEHOLDER} is not written yet",
            "write the text; a strict build (CI, deploy) refuses to publish it",
        )
        for loc, value in strings(doc.data, ())
        if PLACEHOLDER in value
    ]


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
