"""The home page's overview of the catalogue: a timeline of every paper, or counts per era and year."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from vlmguide.catalogue.model import Catalogue, Paper
from vlmguide.pages import graphics
from vlmguide.pages.urls import HOME, page_url, paper_path

# Up to this many papers the home page draws each one on its timeline; beyond, it shows a
# table of counts per era and year (linking to the era table filtered by year), so the home
# page stays light however large the catalogue grows.
TIMELINE_MAX_PAPERS = 200


def timeline(catalogue: Catalogue) -> Markup | None:
    """The home page's timeline SVG, or None when the catalogue is too large to draw paper by paper."""
    if len(catalogue.papers) > TIMELINE_MAX_PAPERS:
        return None
    return Markup(
        graphics.svg(
            graphics.timeline_layout(catalogue, lambda p: page_url(paper_path(p), HOME)),
            "時間軸:每篇論文依首次提交日期排列,依年代分列",
        )
    )


def year_counts(catalogue: Catalogue, era_page_of: dict[str, str]) -> dict[str, object]:
    """{years, rows: [(era, {year: (count, era table page listing the year's first paper)})]}
    for the home page's table of counts."""
    years = sorted({p.year for p in catalogue.papers})
    rows = []
    for era in catalogue.eras:
        counts: dict[int, tuple[int, str]] = {}
        for paper in catalogue.papers_in(era):
            count, page = counts.get(paper.year, (0, era_page_of[paper.id]))
            counts[paper.year] = (count + 1, page)
        rows.append((era, counts))
    return {"years": years, "rows": rows}


def timeline_years(catalogue: Catalogue) -> list[tuple[int, list[tuple[Paper, str]]]]:
    """The timeline for narrow screens: [(year, [(paper, its era's colour)])], years down the page and
    each year's papers in date order, so a phone shows no empty bands and nothing to pan."""
    by_year: dict[int, list[tuple[Paper, str]]] = {}
    for paper in sorted(catalogue.papers, key=lambda p: (p.published or dt.date(p.year, 7, 1), p.number)):
        by_year.setdefault(paper.year, []).append((paper, graphics.era_fill(catalogue, paper.era)))
    return sorted(by_year.items())
