"""The arXiv API client: all IDs in as few requests as the API allows, answers matched by ID.

The API answers `id_list` with an Atom feed. It returns at most `max_results`
entries (default 10, so we always set it), in any order; a malformed ID comes
back as an entry whose id is an errors# URL; an unknown ID is simply absent.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlencode

from vlmguide.arxiv import ids as arxiv

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
IDS_PER_REQUEST = 100  # keeps the URL short; a catalogue of up to 100 papers takes one request


@dataclass
class Entry:
    """What the API says about one ID."""

    arxiv_id: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""
    primary_category: str = ""
    comment: str = ""
    summary: str = ""
    error: str = ""

    @property
    def withdrawn(self) -> bool:
        text = f"{self.comment} {self.summary[:200]}".lower()
        return "withdrawn" in text


class FeedError(ValueError):
    """The API's answer is not an Atom feed we can read."""


def query_urls(api_url: str, ids: list[str]) -> list[str]:
    """The API URLs that ask about every ID, IDS_PER_REQUEST at a time, with max_results set."""
    urls = []
    for start in range(0, len(ids), IDS_PER_REQUEST):
        chunk = ids[start : start + IDS_PER_REQUEST]
        query = urlencode({"id_list": ",".join(chunk), "max_results": len(chunk)}, safe=",")
        urls.append(f"{api_url}?{query}")
    return urls


def parse_feed(xml_text: str) -> tuple[dict[str, Entry], list[Entry]]:
    """({base ID: entry}, [error entries]) from an API answer."""
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise FeedError(f"the arXiv API answer is not XML ({exc})") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"the arXiv API answer is not an Atom feed (root <{root.tag}>)")
    found: dict[str, Entry] = {}
    errors: list[Entry] = []
    for node in root.findall(f"{ATOM}entry"):
        entry_url = (node.findtext(f"{ATOM}id") or "").strip()
        text = lambda tag, node=node: " ".join((node.findtext(tag) or "").split())
        if "/api/errors" in entry_url:
            errors.append(Entry(arxiv_id=entry_url.rsplit("#", 1)[-1], error=text(f"{ATOM}summary")))
            continue
        entry_id = entry_url.split("/abs/", 1)[-1]
        category = node.find(f"{ARXIV_NS}primary_category")
        entry = Entry(
            arxiv_id=entry_id,
            title=text(f"{ATOM}title"),
            authors=[" ".join((a.findtext(f"{ATOM}name") or "").split()) for a in node.findall(f"{ATOM}author")],
            published=text(f"{ATOM}published")[:10],
            primary_category=category.get("term", "") if category is not None else "",
            comment=text(f"{ARXIV_NS}comment"),
            summary=text(f"{ATOM}summary"),
        )
        found[arxiv.base_id(entry_id)] = entry
    return found, errors


def normalise_title(title: str) -> str:
    """Compare titles as readers would: no case, spacing, TeX markup or punctuation differences."""
    text = re.sub(r"\\[a-zA-Z]+\s*", " ", title)  # TeX commands: \emph, \textbf
    text = re.sub(r"[{}$\\^_~]", "", text)  # TeX grouping and math
    text = re.sub(r"[^\w\s]", " ", text.lower())  # punctuation
    return " ".join(text.split())


def error_for(entry_errors: list[Entry], arxiv_id: str) -> str | None:
    """The API's error message that names arxiv_id, if any."""
    for error in entry_errors:
        if arxiv_id in error.error or error.arxiv_id.endswith(arxiv_id):
            return error.error
    return None
