"""`vlmguide new ARXIV_ID`: a ready-to-edit catalogue entry from the arXiv API.

The entry is appended to the papers list as text, so the rest of papers.yaml
(comments, order, formatting) stays byte for byte as it was; the result is
validated before the file is replaced, and nothing changes on any failure.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from vlmguide.arxiv import ids as arxiv
from vlmguide.arxiv.api import Entry, error_for
from vlmguide.arxiv.client import ask
from vlmguide.arxiv.http import Fetcher
from vlmguide.catalogue.code_links import check_code_url
from vlmguide.catalogue.errors import CatalogueError
from vlmguide.catalogue.loader import PAPERS_FILE
from vlmguide.catalogue.model import Catalogue, Paper
from vlmguide.catalogue.text import PLACEHOLDER
from vlmguide.editing.note import id_from_name
from vlmguide.editing.writer import BlockDumper, replace_validated


class NewPaperError(Exception):
    """Why no entry could be made; nothing was changed."""


# A repository address in an abstract or comment, with or without its scheme.
_REPOSITORY = re.compile(
    r"(?:https?://)?(?:www\.)?(?:github\.com/[\w.\-]+/[\w.\-]+(?:/tree/[^\s,;)]+)?|gitlab\.com(?:/[\w.\-]+){2,})", re.I
)
# Words with which a sentence says the address is the paper's code ("Code is available at ...").
_CODE_WORDS = re.compile(r"\b(?:code|codes|implementation|available|release[sd]?|open[- ]sourced?|repository)\b", re.I)


def proposed_code(entry: Entry) -> str | None:
    """The repository the arXiv comment or abstract names as the paper's code, or None.

    Only a repository address in a sentence that says it is the code ("Code is available at ...") is
    taken, and only when there is exactly one: two candidates, or an address beside words that do not
    say so ("we build on ..."), propose nothing (the editor decides; nothing is guessed)."""
    found: list[str] = []
    for text in (entry.comment, entry.summary):
        for sentence in re.split(r"(?<=[.;!?])\s+", text):
            if not _CODE_WORDS.search(sentence):
                continue
            for match in _REPOSITORY.finditer(sentence):
                url = "https://" + re.sub(r"^(?:https?://)?(?:www\.)?", "", match.group(0)).rstrip(".")
                url = re.sub(r"\.git$", "", url.rstrip("/"))
                host, _, path = url.removeprefix("https://").partition("/")
                url = f"https://{host.lower()}/{path}"
                try:
                    check_code_url(url)
                except ValueError:
                    continue
                if url.lower() not in (f.lower() for f in found):
                    found.append(url)
    return found[0] if len(found) == 1 else None


def fetch_entry(fetcher: Fetcher, api_url: str, arxiv_id: str) -> Entry:
    [answer] = list(ask(fetcher, api_url, [arxiv_id]))
    if not answer.request.state.good:
        raise NewPaperError(
            f"could not ask arXiv about {arxiv_id}: {answer.request.message or answer.request.state.value}"
            " (check the network and try again; nothing was changed)"
        )
    entry = answer.entries.get(arxiv.base_id(arxiv_id))
    if entry is None:
        error = error_for(answer.errors, arxiv_id)
        raise NewPaperError(
            f"arXiv does not know {arxiv_id}" + (f": {error}" if error else "") + " (check the ID; nothing was changed)"
        )
    return entry


def make_entry(
    catalogue: Catalogue, arxiv_id: str, entry: Entry, name: str | None, era_id: str | None, topics: list[str]
) -> dict[str, Any]:
    parsed = arxiv.parse(arxiv_id)
    if any(arxiv.base_id(p.arxiv) == parsed.base for p in catalogue.papers):
        raise NewPaperError(f"{arxiv_id} is already in the catalogue")
    name = name if name is not None else _name_from_title(entry.title, arxiv_id)
    paper_id = id_from_name(name)
    if paper_id in catalogue.papers_by_id:
        raise NewPaperError(f"the id '{paper_id}' is taken; pass --name with another model name")
    data: dict[str, Any] = {
        "id": paper_id,
        "number": max(p.number for p in catalogue.papers) + 1,
        "name": name,
        "year": parsed.year,
        "era": _era_for(catalogue, parsed.year, era_id),
        "topics": topics or None,
        "arxiv": arxiv_id,
        "title": entry.title,
        "authors": entry.authors,
        "published": dt.date.fromisoformat(entry.published) if entry.published else None,
        "primary_category": entry.primary_category or None,
        "added": dt.date.today(),
        "code": {"url": code, "source": "abstract"} if (code := proposed_code(entry)) else None,
        "summary": PLACEHOLDER,
        "key_techniques": [PLACEHOLDER],
        "mechanism": PLACEHOLDER,
    }
    return {k: v for k, v in data.items() if v is not None and k in Paper.model_fields}


def _name_from_title(title: str, arxiv_id: str) -> str:
    """The model's name as a title usually gives it, before its colon ("CLIP: ..."); else the ID."""
    head = title.split(":", 1)[0].strip()
    return head if ":" in title and len(head) <= 30 else arxiv_id


def _era_for(catalogue: Catalogue, year: int, era_id: str | None) -> str:
    """The era asked for, or the one whose years hold year (the latest era after them all)."""
    if era_id is not None:
        if era_id not in catalogue.eras_by_id:
            raise NewPaperError(f"unknown era '{era_id}' (use one of: {', '.join(catalogue.eras_by_id)})")
        return era_id
    fitting = [e for e in catalogue.eras if e.start <= year <= e.end]
    return (fitting or [max(catalogue.eras, key=lambda e: e.end)])[0].id


def entry_text(data: dict[str, Any]) -> str:
    """The entry as it appears under `papers:`: a list item indented by two spaces."""
    body = yaml.dump([data], Dumper=BlockDumper, allow_unicode=True, sort_keys=False, width=10**6)
    return "".join(f"  {line}\n" for line in body.splitlines())


def append_entry(data_dir: Path, text: str) -> Catalogue:
    """Append the entry to papers.yaml after validating the result; on a problem nothing changes."""
    papers_path = data_dir / PAPERS_FILE
    original = papers_path.read_text(encoding="utf-8")
    last_key = re.findall(r"^([A-Za-z_]\w*):", original, re.M)[-1]
    if last_key != "papers":
        raise NewPaperError(f"{papers_path}: 'papers:' must be the last section to append to (it is '{last_key}:')")
    updated = original.rstrip("\n") + "\n\n" + text
    try:
        catalogue = replace_validated(data_dir, {PAPERS_FILE: updated})
    except CatalogueError as exc:
        raise NewPaperError("the new entry would not validate; nothing was changed\n" + exc.report()) from None
    return catalogue
