"""A paper page's citation metadata: the Highwire Press `citation_*` meta tags that reference managers
(Zotero's connector) and Google Scholar read, so saving a paper page gets the paper, not the page.

Zotero's "Embedded Metadata" import reads these tags (tests/test_citation.py writes its rules down):
the title, one `citation_author` per author, the date, the publisher (a preprint's repository), the
DOI, the URL and the PDF, which it attaches. Highwire has no tag for a preprint: alone, a
`citation_title` makes Zotero guess a journal article. A Dublin Core `DC.type` naming a Zotero item
type decides the type instead, so pages say `preprint`, as Zotero's own arXiv import does.
"""

from __future__ import annotations

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.model import Paper

PAPER_LANGUAGE = "en"  # the papers' own language (the pages' is zh-TW or zh-Hans)
ITEM_TYPE = "preprint"  # Zotero's item type for an arXiv paper


def citation_tags(paper: Paper) -> tuple[tuple[str, str], ...]:
    """The (name, content) meta tags for paper, in the order Google Scholar's guidelines list them.

    Without an English title (an entry not yet filled from arXiv) the page carries none: a
    reference manager would otherwise save the guide's Chinese page title as the paper's."""
    if not paper.title:
        return ()
    identifier = arxiv.parse(paper.arxiv)
    date = paper.published.strftime("%Y/%m/%d") if paper.published else str(paper.year)
    return (
        ("citation_title", paper.title),
        *(("citation_author", author) for author in paper.authors),
        ("citation_date", date),
        ("citation_publisher", "arXiv"),
        ("citation_arxiv_id", identifier.base),
        ("citation_doi", identifier.doi),
        ("citation_pdf_url", identifier.pdf_url),
        ("citation_abstract_html_url", identifier.abs_url),
        ("citation_public_url", identifier.abs_url),
        ("citation_language", PAPER_LANGUAGE),
        ("DC.type", ITEM_TYPE),
    )
