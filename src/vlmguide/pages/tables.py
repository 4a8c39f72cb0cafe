"""Era and topic tables split into pages, and what their filters need."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from vlmguide.catalogue.model import Catalogue, Paper
from vlmguide.pages.urls import page_url, paper_path

# An era or topic table lists at most this many papers on one page. A longer one is split
# into pages (eras/<id>/, eras/<id>/2/, ...), so every page stays quick to lay out on a
# phone however large the catalogue grows. Chosen by auditing era pages of 50 and 100 rows
# with scripts/lighthouse.py (mobile): the longer one fell well below the performance target.
TABLE_PAGE_ROWS = 50


@dataclass(frozen=True)
class TablePage:
    """One page of an era's or a topic's table of papers."""

    number: int  # from 1
    count: int  # pages in the table
    path: str
    papers: Sequence[Paper]

    @property
    def suffix(self) -> str:
        """What follows the era's or topic's name in this page's title and heading."""
        return f" 第 {self.number} 頁" if self.count > 1 else ""

    @property
    def label(self) -> str:
        """How the pager names this page to assistive technology: its number and the years it covers."""
        years = sorted({paper.year for paper in self.papers})
        if not years:
            return f"第 {self.number} 頁"
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        return f"第 {self.number} 頁({span})"


@dataclass(frozen=True)
class PagerLink:
    """What a table's pager shows of one of its pages (the _page.html.j2 pager macro)."""

    number: int
    path: str
    label: str


def pager_links(tables: Sequence[TablePage]) -> tuple[PagerLink, ...]:
    return tuple(PagerLink(table.number, table.path, table.label) for table in tables)


def table_pages(papers: Sequence[Paper], path: Callable[[int], str]) -> list[TablePage]:
    """papers split into pages of TABLE_PAGE_ROWS; path(number) is each page's path."""
    rows = TABLE_PAGE_ROWS
    chunks = [papers[i : i + rows] for i in range(0, len(papers), rows)] or [[]]
    return [TablePage(number, len(chunks), path(number), chunk) for number, chunk in enumerate(chunks, 1)]


def table_filters(catalogue: Catalogue, table: TablePage) -> dict[str, object]:
    """What a page of an era or topic table's filter needs (docs/assets/tables.js): its years, its
    topics, whether any of its papers has code, and each row's year, topics and code (by link URL)."""
    papers = table.papers
    topic_ids = {t for p in papers for t in p.topics}
    data = {
        "papers": {
            page_url(paper_path(p), table.path): {"year": p.year, "topics": p.topics, "code": p.code is not None}
            for p in papers
        }
    }
    return {
        "years": sorted({p.year for p in papers}),
        "topics": [t for t in catalogue.topics if t.id in topic_ids],
        "has_code": any(p.code is not None for p in papers),
        # JSON inside <script>: "<" escaped so no text can close the element.
        "table_data": Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")),
    }
