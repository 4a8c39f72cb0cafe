"""Saving a paper page to a reference manager: its citation_* meta tags, read the way Zotero's
"Embedded Metadata" import reads them (vlmguide.pages.citation writes them)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.model import Paper
from vlmguide.pages.citation import citation_tags
from vlmguide.pages.editions import EDITIONS
from vlmguide.pages.rendered import RenderedPage
from vlmguide.pages.urls import paper_path, url_path

# Zotero's item types that a Dublin Core type may name (a subset: those a page could mean).
ZOTERO_ITEM_TYPES = {
    "preprint",
    "journalArticle",
    "conferencePaper",
    "report",
    "thesis",
    "book",
    "bookSection",
    "webpage",
}
# Highwire tags that fix the item type, and the one that only suggests it.
HIGHWIRE_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_technical_report_institution": "report",
    "citation_dissertation_institution": "thesis",
    "citation_book_title": "bookSection",
}
HIGHWIRE_FIELDS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_publisher": "publisher",  # a preprint shows it as its Repository
    "citation_doi": "DOI",
    "citation_public_url": "url",
    "citation_language": "language",
    "citation_abstract": "abstractNote",
}


class _HeadMeta(HTMLParser):
    """The <meta name=... content=...> tags of a page's <head>, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "meta" and self._in_head and values.get("name") and values.get("content"):
            self.tags.append((values["name"] or "", values["content"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False


def zotero_item(html: str) -> dict:
    """The item Zotero's Embedded Metadata import makes of a page, by its rules written down here:

    1. Item type: a Dublin Core type (DC.type, dc.type, dcterms.type) naming a Zotero item type decides
       it (its RDF import's detectType); else a Highwire tag of HIGHWIRE_TYPES; else a citation_title
       makes it guess journalArticle; else the page is a webpage.
    2. Fields: HIGHWIRE_FIELDS, each from the first tag of its name; the URL falls back to
       citation_abstract_html_url.
    3. Creators: one per citation_author tag, in order; "Last, First" is split at the comma, otherwise
       the last word is the last name (Zotero.Utilities.cleanAuthor).
    4. Attachments: the first citation_pdf_url as "Full Text PDF" (application/pdf), then a snapshot.
    """
    parser = _HeadMeta()
    parser.feed(html)
    tags = parser.tags

    def first(name: str) -> str | None:
        return next((content.strip() for tag, content in tags if tag.lower() == name.lower()), None)

    dc_type = first("DC.type") or first("dcterms.type")
    hw_type = next((HIGHWIRE_TYPES[tag] for tag, _ in tags if tag in HIGHWIRE_TYPES), None)
    guess = "journalArticle" if first("citation_title") else "webpage"
    item: dict = {"itemType": dc_type if dc_type in ZOTERO_ITEM_TYPES else hw_type or guess}
    for tag, field in HIGHWIRE_FIELDS.items():
        if (value := first(tag)) and field not in item:
            item[field] = " ".join(value.split())
    item.setdefault("url", first("citation_abstract_html_url"))
    creators = []
    for tag, name in tags:
        if tag == "citation_author" and name.strip():
            last, _, given = (
                name.partition(",") if "," in name else (name.rsplit(" ", 1)[-1], "", name.rsplit(" ", 1)[0])
            )
            creators.append({"firstName": given.strip(), "lastName": last.strip(), "creatorType": "author"})
    item["creators"] = creators
    pdf = first("citation_pdf_url")
    item["attachments"] = [{"title": "Full Text PDF", "url": pdf, "mimeType": "application/pdf"}] if pdf else []
    item["attachments"].append({"title": "Snapshot"})
    return item


def _page(site: Path, edition_prefix: str, paper: Paper) -> str:
    return (site / edition_prefix / url_path(paper_path(paper)) / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.code)
def test_saving_clips_page_to_zotero_gets_the_arxiv_preprint_with_its_authors_and_pdf(built_site, catalogue, edition):
    clip = catalogue.papers_by_id["clip"]
    item = zotero_item(_page(built_site.site, edition.prefix, clip))
    assert item["itemType"] == "preprint"
    assert item["title"] == "Learning Transferable Visual Models From Natural Language Supervision"
    assert [(c["firstName"], c["lastName"]) for c in item["creators"]][:3] == [
        ("Alec", "Radford"),
        ("Jong Wook", "Kim"),
        ("Chris", "Hallacy"),
    ]
    assert [f"{c['firstName']} {c['lastName']}" for c in item["creators"]] == clip.authors  # all, in order
    assert item["date"] == "2021/02/26"
    assert item["publisher"] == "arXiv" and item["DOI"] == "10.48550/arXiv.2103.00020"
    assert item["url"] == "https://arxiv.org/abs/2103.00020"
    assert item["language"] == "en"  # the paper's, not the guide's
    assert item["attachments"][0] == {
        "title": "Full Text PDF",
        "url": "https://arxiv.org/pdf/2103.00020",
        "mimeType": "application/pdf",
    }


def test_every_paper_page_with_a_title_carries_its_citation(built_site, catalogue):
    for paper in catalogue.papers:
        item = zotero_item(_page(built_site.site, "", paper))
        if not paper.title:
            assert item["itemType"] == "webpage", paper.id  # no tags: not saved as a paper with the page's title
            continue
        assert (item["itemType"], item["title"]) == ("preprint", paper.title), paper.id
        assert len(item["creators"]) == len(paper.authors), paper.id
        assert item["attachments"][0]["url"] == arxiv.parse(paper.arxiv).pdf_url, paper.id


def test_pages_that_are_not_papers_carry_no_citation(built_site):
    for page in ("index.html", "eras/representation/index.html", "essay/index.html"):
        assert zotero_item((built_site.site / page).read_text(encoding="utf-8"))["itemType"] == "webpage", page


def test_a_paper_without_a_published_date_cites_its_year_and_a_title_with_quotes_stays_one_attribute(catalogue):
    clip = catalogue.papers_by_id["clip"]
    quoted = clip.model_copy(update={"title": 'A "quoted" <b>title</b> & more', "published": None})
    tags = dict(citation_tags(quoted))
    assert tags["citation_date"] == "2021" and tags["citation_title"] == 'A "quoted" <b>title</b> & more'
    # As the page carries it: the front matter escapes it, and the parser reads it back whole.
    page = RenderedPage.of("papers/x.md", "x", "x", "", "data/papers.yaml", citation=citation_tags(quoted))
    assert '"A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more"' in page.markdown
    assert citation_tags(clip.model_copy(update={"title": None})) == ()
