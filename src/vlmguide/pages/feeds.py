"""What is new, as feeds: papers by the date they joined the catalogue, editor's remarks by their date.

Each in Atom (RFC 4287) and JSON Feed 1.1, made from the catalogue alone: entry ids are stable
(never the build time) and a feed's `updated` is its newest entry's date, so the same data always
gives the same bytes. A feed lists the newest FEED_ENTRIES entries, newest first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from vlmguide.arxiv.ids import base_id
from vlmguide.catalogue.model import Catalogue, Remark
from vlmguide.pages.inline import description, inline
from vlmguide.pages.urls import ESSAY, paper_path, url_path

FEED_ENTRIES = 100
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
LANGUAGE = "zh-TW"


@dataclass(frozen=True)
class FeedKind:
    """One feed, in both formats: its files and its title."""

    atom: str  # path below the site's root
    json: str
    title: str
    what: str  # "papers" or "remarks"


PAPERS_FEED = FeedKind("feeds/feed.xml", "feeds/feed.json", "新收錄的論文", "papers")
REMARKS_FEED = FeedKind("feeds/corrections.xml", "feeds/corrections.json", "勘誤與編者註", "remarks")
FEEDS = (PAPERS_FEED, REMARKS_FEED)


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str  # absolute
    date: dt.date
    html: str
    text: str
    categories: tuple[str, ...] = ()


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def paper_entries(catalogue: Catalogue, site_url: str) -> list[FeedEntry]:
    """Each paper as the news that it joined the catalogue, newest first (then the later number first)."""
    entries = []
    for paper in sorted(catalogue.papers, key=lambda p: (p.added, p.number), reverse=True)[:FEED_ENTRIES]:
        era = catalogue.eras_by_id[paper.era]
        topics = tuple(catalogue.topics_by_id[t].name for t in paper.topics if t in catalogue.topics_by_id)
        entries.append(
            FeedEntry(
                id=f"urn:vlmguide:paper:{base_id(paper.arxiv)}",
                title=f"{paper.name} — {paper.title}" if paper.title else paper.name,
                url=site_url + url_path(paper_path(paper)),
                date=paper.added,
                html=str(inline(paper.summary)),
                text=description(paper.summary),
                categories=(era.title, *topics),
            )
        )
    return entries


def _remark_id(where: str, remark: Remark) -> str:
    digest = hashlib.sha256(remark.text.encode("utf-8")).hexdigest()[:12]
    return f"urn:vlmguide:remark:{where}:{remark.date.isoformat()}:{digest}"


def remark_entries(catalogue: Catalogue, site_url: str) -> list[FeedEntry]:
    """Every editor's remark, on a paper or on a point of the essay, newest first."""
    found: list[tuple[dt.date, int, FeedEntry]] = []

    def add(remark: Remark, where: str, title: str, url: str, html: Markup | str, categories: Sequence[str]) -> None:
        entry = FeedEntry(_remark_id(where, remark), title, url, remark.date, str(html), remark.text, tuple(categories))
        found.append((remark.date, len(found), entry))

    for paper in catalogue.papers:
        for number, remark in enumerate(paper.remarks, 1):
            url = f"{site_url}{url_path(paper_path(paper))}#remark-{number}"
            add(remark, paper.id, f"編者註:{paper.name}", url, inline(remark.text), [paper.name])
    for point_number, point in enumerate(catalogue.essay.points, 1):
        for number, remark in enumerate(point.remarks, 1):
            url = f"{site_url}{url_path(ESSAY)}#point-{point_number}-remark-{number}"
            title = f"編者註:{catalogue.essay.title}"
            add(remark, f"essay-{point_number}", title, url, inline(remark.text), [catalogue.essay.title])
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [entry for *_, entry in found[:FEED_ENTRIES]]


def atom(kind: FeedKind, entries: list[FeedEntry], site_url: str, author: str) -> str:
    """The entries as an Atom feed (RFC 4287)."""
    ET.register_namespace("", ATOM_NS)
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"
    feed = ET.Element(q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": LANGUAGE})
    ET.SubElement(feed, q("id")).text = f"urn:vlmguide:feed:{kind.what}"
    ET.SubElement(feed, q("title")).text = kind.title
    ET.SubElement(feed, q("updated")).text = _stamp(max((e.date for e in entries), default=dt.date(2000, 1, 1)))
    ET.SubElement(ET.SubElement(feed, q("author")), q("name")).text = author
    ET.SubElement(feed, q("link"), {"rel": "self", "type": "application/atom+xml", "href": site_url + kind.atom})
    ET.SubElement(feed, q("link"), {"rel": "alternate", "type": "text/html", "href": site_url})
    for entry in entries:
        node = ET.SubElement(feed, q("entry"))
        ET.SubElement(node, q("id")).text = entry.id
        ET.SubElement(node, q("title")).text = entry.title
        ET.SubElement(node, q("updated")).text = _stamp(entry.date)
        ET.SubElement(node, q("published")).text = _stamp(entry.date)
        ET.SubElement(node, q("link"), {"rel": "alternate", "type": "text/html", "href": entry.url})
        ET.SubElement(node, q("summary"), {"type": "html"}).text = entry.html
        for term in entry.categories:
            ET.SubElement(node, q("category"), {"term": term})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(kind: FeedKind, entries: list[FeedEntry], site_url: str, author: str) -> str:
    """The entries as a JSON Feed 1.1."""
    data = {
        "version": JSON_FEED_VERSION,
        "title": kind.title,
        "home_page_url": site_url,
        "feed_url": site_url + kind.json,
        "language": LANGUAGE,
        "authors": [{"name": author}],
        "items": [
            {
                "id": entry.id,
                "url": entry.url,
                "title": entry.title,
                "content_html": entry.html,
                "summary": entry.text,
                "date_published": _stamp(entry.date),
                "tags": list(entry.categories),
            }
            for entry in entries
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def feeds(catalogue: Catalogue, site_url: str, author: str) -> dict[str, str]:
    """{path below the site's root: content} for every feed in both formats."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    out = {}
    for kind in FEEDS:
        entries = paper_entries(catalogue, site_url) if kind.what == "papers" else remark_entries(catalogue, site_url)
        out[kind.atom] = atom(kind, entries, site_url, author)
        out[kind.json] = json_feed(kind, entries, site_url, author)
    return out
