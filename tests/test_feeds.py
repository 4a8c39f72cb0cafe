"""The feeds of what is new, read the way feed readers read them, and checked against the specs."""

from __future__ import annotations

import filecmp
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from devtools.project import FIXTURE_DATA, copy_project, mkdocs_build
from vlmguide.links.built_site import SiteLinks
from vlmguide.pages.feeds import FEED_ENTRIES, FEEDS, PAPERS_FEED, REMARKS_FEED

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_papers_feed_lists_the_newest_papers_first(built_site, catalogue):
    parsed = feedparser.parse(built_site.site / PAPERS_FEED.atom)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.feed.language == "zh-TW"
    newest = sorted(catalogue.papers, key=lambda p: (p.added, p.number), reverse=True)
    assert len(parsed.entries) == min(FEED_ENTRIES, len(catalogue.papers))
    first, paper = parsed.entries[0], newest[0]
    assert first.link.endswith(f"/papers/{paper.id}/") and first.title.startswith(paper.name)
    assert first.published.startswith(paper.added.isoformat())
    assert parsed.feed.updated.startswith(max(p.added for p in catalogue.papers).isoformat())
    era = catalogue.eras_by_id[paper.era].title
    assert era in {tag.term for tag in first.tags}
    assert len({e.id for e in parsed.entries}) == len(parsed.entries) and all("urn:" in e.id for e in parsed.entries)


def test_every_feed_has_what_rfc_4287_and_json_feed_1_1_require(built_site):
    """Atom: the feed's id, title, updated and author; each entry's id, title, updated. JSON Feed:
    version, title, and each item's id with content_html or content_text."""
    for kind in FEEDS:
        root = ET.parse(built_site.site / kind.atom).getroot()
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated"):
            assert (root.findtext(f"{ATOM}{tag}") or "").strip(), (kind.atom, tag)
        assert root.findtext(f"{ATOM}author/{ATOM}name"), kind.atom
        entries = root.findall(f"{ATOM}entry")
        assert entries, kind.atom
        for entry in entries:
            for tag in ("id", "title", "updated"):
                assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), (kind.atom, tag)
        assert root.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") for e in entries)

        data = json.loads((built_site.site / kind.json).read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1" and data["title"] == kind.title
        assert data["feed_url"].endswith(kind.json)
        assert [item["id"] for item in data["items"]] == [e.findtext(f"{ATOM}id") for e in entries]
        assert all(item["content_html"] and item["url"] and item["date_published"] for item in data["items"])


def test_the_corrections_feed_links_every_remark_where_it_stands(built_site, catalogue):
    parsed = feedparser.parse(built_site.site / REMARKS_FEED.atom)
    assert not parsed.bozo
    count = sum(len(p.remarks) for p in catalogue.papers) + sum(len(p.remarks) for p in catalogue.essay.points)
    assert len(parsed.entries) == min(FEED_ENTRIES, count)
    dates = [e.updated for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    site = SiteLinks.read(built_site.site)
    for entry in parsed.entries:
        path, _, anchor = entry.link.split("127.0.0.1:8000/", 1)[1].partition("#")
        page = site.pages[(built_site.site / path / "index.html").resolve()]
        assert anchor in page.ids, entry.link


def test_every_page_links_the_feeds_and_the_home_page_offers_them(built_site):
    for page in ("index.html", "papers/clip/index.html", "about/index.html", "404.html"):
        html = (built_site.site / page).read_text(encoding="utf-8")
        for kind in FEEDS:
            assert f'type="application/atom+xml" title="{kind.title}"' in html, page
            assert f'type="application/feed+json" title="{kind.title}"' in html, page
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert f'href="./{PAPERS_FEED.atom}"' in home and f'href="./{PAPERS_FEED.json}"' in home


def test_two_builds_of_the_same_data_are_byte_identical(built_site, tmp_path):
    """Feeds, pages, cards and downloads depend on the data alone, never on when or where they were built
    (MkDocs' own sitemap.xml.gz carries the time it was written)."""
    again = mkdocs_build(copy_project(tmp_path / "again", FIXTURE_DATA))
    assert again.returncode == 0, again.output
    first = sorted(p.relative_to(built_site.site) for p in built_site.site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again.site) for p in again.site.rglob("*") if p.is_file())
    assert first == second
    differ = [
        str(path)
        for path in first
        if path != Path("sitemap.xml.gz") and not filecmp.cmp(built_site.site / path, again.site / path, shallow=False)
    ]
    assert differ == []
