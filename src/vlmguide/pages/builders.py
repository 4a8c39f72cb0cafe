"""Every generated page of the site, one builder per kind of page, each kind declared once in PAGE_KINDS.

Pure functions of the Catalogue, so they are tested without MkDocs. Each builder passes its
template only the page's own context; the helpers every template uses are the environment's
globals (vlmguide.pages.templating). A PageKind also says where its pages stand in the site's
navigation (vlmguide.pages.navigation reads that) and which of its pages stands for the kind
(tests and scripts/lighthouse.py visit one page of each kind).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from vlmguide.catalogue.model import Catalogue, Era, Paper, Topic
from vlmguide.catalogue.text import escape_html
from vlmguide.pages import graphics
from vlmguide.pages.cards import CARD_PER_PAPER_MAX, Card
from vlmguide.pages.citation import citation_tags
from vlmguide.pages.home import timeline, timeline_years, year_counts
from vlmguide.pages.inline import description
from vlmguide.pages.rendered import RenderedPage
from vlmguide.pages.tables import TablePage, pager_links, table_filters, table_pages
from vlmguide.pages.templating import Icons, no_icons, render
from vlmguide.pages.urls import (
    CORRECTIONS,
    ESSAY,
    HOME,
    LINEAGE,
    PATHS,
    TOPICS,
    era_path,
    page_url,
    paper_path,
    path_path,
    topic_path,
)


def _first_table_page(table: TablePage, tables: list[TablePage]) -> str | None:
    """A table's later pages share its first page's social card."""
    return tables[0].path if table.number > 1 else None


def _paper_url(paper: Paper, from_path: str) -> str:
    return page_url(paper_path(paper), from_path)


@dataclass
class PageMemo:
    """What a build rendered, for a later build (under serve) to reuse: each page with the inputs it
    was rendered from, and each paper's related papers with what decides them (Catalogue.related)."""

    pages: dict[str, tuple[object, RenderedPage]] = field(default_factory=dict)  # {path: (inputs, page)}
    lineage: tuple[object, ...] = ()  # every paper's id, year, topics and builds_on, in order
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # {paper id: its related papers' ids}


def _lineage(catalogue: Catalogue) -> tuple[object, ...]:
    return tuple((p.id, p.year, p.topics, p.builds_on) for p in catalogue.papers)


@dataclass(frozen=True)
class _Builder:
    """What every builder shares: the catalogue, the icons, and where each paper's era table lists it;
    and, under serve, the pages of the previous build, which a page reuses if it would be rendered from
    the same inputs (the pages rendered that way get only their key's values, no catalogue)."""

    catalogue: Catalogue
    icons: Icons
    era_tables: dict[str, list[TablePage]]
    previous: PageMemo = field(default_factory=PageMemo)
    made: PageMemo = field(default_factory=PageMemo)

    def __post_init__(self) -> None:
        self.made.lineage = _lineage(self.catalogue)
        if self.previous.lineage == self.made.lineage:  # the same papers, related the same way
            self.made.related = self.previous.related

    def related(self, paper: Paper) -> tuple[Paper, ...]:
        """Catalogue.related(paper), kept from the previous build while no paper's lineage changed."""
        ids = self.made.related.get(paper.id)
        if ids is None:
            ids = self.made.related[paper.id] = tuple(p.id for p in self.catalogue.related(paper))
        return tuple(self.catalogue.papers_by_id[i] for i in ids)

    def reuse(self, path: str, inputs: dict[str, object], make: Callable[[], RenderedPage]) -> RenderedPage:
        """The previous build's page at path if it was made from the same inputs, else make()'s.

        inputs must hold everything the page is made from besides the catalogue's eras (their
        colours), the icons and what every build shares: make() may read nothing else of the catalogue.
        """
        key = (tuple(inputs.items()), self.catalogue.eras, self.catalogue.papers_file, self.icons)
        known = self.previous.pages.get(path)
        page = known[1] if known is not None and known[0] == key else make()
        self.made.pages[path] = (key, page)
        return page

    @functools.cached_property
    def era_page_of(self) -> dict[str, str]:
        """{paper id: the era table page that lists it}: where a paper's "era" link leads."""
        return {paper.id: page.path for tables in self.era_tables.values() for page in tables for paper in page.papers}

    def render(self, path: str, template: str, **context: object) -> str:
        return render(template, self.icons, catalogue=self.catalogue, page_path=path, **context)

    def render_from(self, path: str, template: str, inputs: dict[str, object]) -> str:
        """The template rendered from inputs alone: reading the catalogue fails (StrictUndefined)."""
        return render(template, self.icons, page_path=path, **inputs)

    def home(self) -> list[RenderedPage]:
        papers, eras = self.catalogue.papers, self.catalogue.eras
        first, last = papers[0], papers[-1]
        page = RenderedPage.of(
            HOME,
            self.catalogue.title,
            f"從 {first.name}({first.year})到 {last.name}({last.year}),{len(papers)} 篇視覺語言模型經典論文的"
            f"繁體中文導讀:每篇的核心思想、關鍵技術與基本原理,分成 {len(eras)} 個年代。",
            self.render(
                HOME,
                "home.html.j2",
                timeline=timeline(self.catalogue),
                timeline_years=timeline_years(self.catalogue),
                year_counts=year_counts(self.catalogue, self.era_page_of),
            ),
            self.catalogue.papers_file,
            hide=("navigation",),
        )
        return [page]

    def eras(self) -> list[RenderedPage]:
        return [page for era in self.catalogue.eras for page in self.era(era)]

    def era(self, era: Era) -> list[RenderedPage]:
        tables, count = self.era_tables[era.id], len(self.catalogue.papers_in(era))
        links = pager_links(tables)

        def page(table: TablePage, inputs: dict[str, object]) -> RenderedPage:
            return RenderedPage.of(
                table.path,
                f"{era.label}{table.suffix}",
                f"「{era.title}」年代({era.years})的 {count} 篇視覺語言模型經典論文{table.suffix}:簡單摘要、關鍵技術與基本原理。",
                self.render_from(table.path, "era.html.j2", inputs),
                self.catalogue.papers_file,
                hide=("toc",),
                card=Card(
                    era.label,
                    f"{count} 篇視覺語言模型經典論文:簡單摘要、關鍵技術與基本原理。",
                    accent=graphics.era_fill(self.catalogue, era.id),
                ),
                card_from=_first_table_page(table, tables),
            )

        pages = []
        for table in tables:
            inputs = {"era": era, "table": table, "tables": links, "total": count}
            inputs |= table_filters(self.catalogue, table)
            pages.append(self.reuse(table.path, inputs, functools.partial(page, table, inputs)))
        return pages

    def papers(self) -> list[RenderedPage]:
        return [self.paper(i, paper) for i, paper in enumerate(self.catalogue.papers)]

    def paper(self, i: int, paper: Paper) -> RenderedPage:
        """A paper's page, from the paper and what it shows of the papers around it."""
        c, path = self.catalogue, paper_path(paper)
        inputs: dict[str, object] = {
            "paper": paper,
            "era": c.eras_by_id[paper.era],
            "era_page": self.era_page_of[paper.id],
            "previous": c.papers[i - 1] if i > 0 else None,
            "next": c.papers[i + 1] if i + 1 < len(c.papers) else None,
            "topics": tuple(c.topics_by_id[t] for t in paper.topics),
            "earlier": tuple(c.papers_by_id[e] for e in paper.builds_on),
            "later": tuple(c.built_upon_by.get(paper.id, [])),
            "related": self.related(paper),
            # (reading path, this paper's step index, the path's next paper or None)
            "steps": tuple(
                (p, step, c.papers_by_id[p.steps[step + 1].paper] if step + 1 < len(p.steps) else None)
                for p, step in c.path_steps(paper.id)
            ),
            "own_card": len(c.papers) <= CARD_PER_PAPER_MAX,
        }
        # Where the paper's entry starts in papers.yaml moves with every edit above it; it changes the
        # page's edit link only (RenderedPage.line), so a page is not rendered again for it.
        page = self.reuse(path, inputs, functools.partial(self._paper_page, path, inputs))
        return page.at_line(c.paper_lines.get(paper.id))

    def _paper_page(self, path: str, inputs: dict[str, object]) -> RenderedPage:
        paper, era = inputs["paper"], inputs["era"]
        assert isinstance(paper, Paper) and isinstance(era, Era)
        neighbourhood = None
        if inputs["earlier"] or inputs["later"]:
            href = functools.partial(_paper_url, from_path=path)
            layout = graphics.neighbourhood_layout(self.catalogue, paper, href)
            neighbourhood = Markup(graphics.svg(layout, f"{paper.name} 的脈絡:上方是它建立在的論文,下方是延續它的論文"))
        html = self.render_from(path, "paper.html.j2", {**inputs, "neighbourhood": neighbourhood})
        card = Card(
            paper.name,
            description(paper.summary),
            f"{era.title} · {paper.year}",
            graphics.era_fill(self.catalogue, era.id),
            f"arXiv:{paper.arxiv}" + (f" · {paper.title}" if paper.title else ""),
        )
        own_card = inputs["own_card"]
        return RenderedPage.of(
            path,
            f"{paper.name} — {paper.title or era.title}",
            description(paper.summary),
            html,
            self.catalogue.papers_file,
            self.catalogue.paper_lines.get(paper.id),
            card=card if own_card else None,
            card_from=None if own_card else era_path(era),
            citation=citation_tags(paper),
        )

    def essay(self) -> list[RenderedPage]:
        essay = self.catalogue.essay
        return [
            RenderedPage.of(
                ESSAY,
                essay.title,
                description(essay.conclusion[0]),
                self.render(ESSAY, "essay.html.j2", essay=essay),
                self.catalogue.essay_file,
            )
        ]

    def topic_index(self) -> list[RenderedPage]:
        topics = self.catalogue.topics
        if not topics:
            return []
        return [
            RenderedPage.of(
                TOPICS,
                "主題索引",
                f"依主題瀏覽 {len(self.catalogue.papers)} 篇視覺語言模型論文:{'、'.join(t.name for t in topics)}",
                self.render(TOPICS, "topics.html.j2"),
                self.catalogue.papers_file,
            )
        ]

    def topics(self) -> list[RenderedPage]:
        return [page for topic in self.catalogue.topics for page in self.topic(topic)]

    def topic(self, topic: Topic) -> list[RenderedPage]:
        papers = self.catalogue.papers_on(topic)
        tables = table_pages(papers, functools.partial(topic_path, topic.id))
        links = pager_links(tables)

        def page(table: TablePage, inputs: dict[str, object]) -> RenderedPage:
            return RenderedPage.of(
                table.path,
                f"主題:{topic.name}{table.suffix}",
                topic.description,
                self.render_from(table.path, "topic.html.j2", inputs),
                self.catalogue.papers_file,
                card=Card(f"主題:{topic.name}", topic.description),
                card_from=_first_table_page(table, tables),
            )

        pages = []
        for table in tables:
            inputs: dict[str, object] = {
                "topic": topic,
                "table": table,
                "tables": links,
                "total": len(papers),
                # each row's era, and the era table page that lists the paper
                "eras": tuple((self.catalogue.eras_by_id[p.era], self.era_page_of[p.id]) for p in table.papers),
            }
            inputs |= table_filters(self.catalogue, table)
            pages.append(self.reuse(table.path, inputs, functools.partial(page, table, inputs)))
        return pages

    def path_index(self) -> list[RenderedPage]:
        paths = self.catalogue.paths
        if not paths:
            return []
        return [
            RenderedPage.of(
                PATHS,
                "閱讀路徑",
                f"依序閱讀的路線:{'、'.join(p.title for p in paths)}",
                self.render(PATHS, "paths.html.j2"),
                self.catalogue.papers_file,
            )
        ]

    def paths(self) -> list[RenderedPage]:
        return [
            RenderedPage.of(
                path_path(p),
                f"閱讀路徑:{p.title}",
                p.description,
                self.render(path_path(p), "path.html.j2", reading_path=p),
                self.catalogue.papers_file,
            )
            for p in self.catalogue.paths
        ]

    def corrections(self) -> list[RenderedPage]:
        """勘誤與編者註: every editor's remark, linking to where it stands."""
        if not self.catalogue.has_remarks:
            return []
        essay_remarks = [
            (number, point, index, remark)
            for number, point in enumerate(self.catalogue.essay.points, 1)
            for index, remark in enumerate(point.remarks, 1)
        ]
        count = sum(len(p.remarks) for p in self.catalogue.papers) + len(essay_remarks)
        return [
            RenderedPage.of(
                CORRECTIONS,
                "勘誤與編者註",
                f"原始筆記保留原文;這裡列出編者對筆記的 {count} 則更正與補充,每則都連到所在的導讀段落與論文出處。",
                self.render(CORRECTIONS, "corrections.html.j2", remark_count=count, essay_remarks=essay_remarks),
                self.catalogue.papers_file,
            )
        ]

    def lineage(self) -> list[RenderedPage]:
        """One graph of every paper; above LINEAGE_MAX_PAPERS, a graph per era that fits one."""
        href = functools.partial(_paper_url, from_path=LINEAGE)
        title = "論文脈絡圖:每篇論文建立在哪些論文之上"

        def graphs(papers: list[Paper] | None, label: str) -> tuple[Markup, Markup]:
            wide = graphics.lineage_layout(self.catalogue, href, papers=papers)
            narrow = graphics.lineage_layout(self.catalogue, href, graphics.LINEAGE_NARROW_WIDTH, papers=papers)
            return Markup(graphics.svg(wide, label)), Markup(graphics.svg(narrow, label))

        sections: list[tuple[Era | None, int, tuple[Markup, Markup] | None]] = []
        if len(self.catalogue.papers) <= graphics.LINEAGE_MAX_PAPERS:
            sections.append((None, len(self.catalogue.papers), graphs(None, title)))
        else:
            for era in self.catalogue.eras:
                papers = self.catalogue.papers_in(era)
                fits = len(papers) <= graphics.LINEAGE_MAX_PAPERS
                sections.append((era, len(papers), graphs(papers, f"{title}({era.title})") if fits else None))
        page = RenderedPage.of(
            LINEAGE,
            "論文脈絡圖",
            f"{len(self.catalogue.papers)} 篇視覺語言模型論文之間「建立在」的關係圖,依年份由上到下、依年代著色,節點連到論文頁。",
            self.render(LINEAGE, "lineage.html.j2", sections=sections),
            self.catalogue.papers_file,
            hide=("toc",),
        )
        return [page]


NavEntries = list[object]  # entries as MkDocs' nav setting takes them: {title: path or [entries]}


@dataclass(frozen=True)
class PageKind:
    """One kind of generated page: how its pages are built, and where they stand in the navigation.

    nav_rank orders the kinds in the navigation (kinds without nav are reached from other pages);
    the kind's pages are built in PAGE_KINDS order.
    """

    name: str
    build: Callable[[_Builder], list[RenderedPage]]
    nav: Callable[[Catalogue], NavEntries] | None = None
    nav_rank: int = 0


def _single(title: str, path: str) -> Callable[[Catalogue], NavEntries]:
    return lambda catalogue: [{title: path}]


def _eras_nav(catalogue: Catalogue) -> NavEntries:
    return [{"年代": [{escape_html(e.label): era_path(e)} for e in catalogue.eras]}]


def _paths_nav(catalogue: Catalogue) -> NavEntries:
    if not catalogue.paths:
        return []
    return [{"閱讀路徑": [{"所有路徑": PATHS}, *({escape_html(p.title): path_path(p)} for p in catalogue.paths)]}]


# Every kind of generated page, in the order they are built. Titles in the navigation are
# HTML-escaped: the theme writes them into the page as they are.
PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("home", _Builder.home, _single("首頁", HOME), nav_rank=0),
    PageKind("era", _Builder.eras, _eras_nav, nav_rank=1),
    PageKind("paper", _Builder.papers),
    PageKind("essay", _Builder.essay, lambda c: [{escape_html(c.essay.title): ESSAY}], nav_rank=2),
    PageKind("topic-index", _Builder.topic_index, lambda c: [{"主題": TOPICS}] if c.topics else [], nav_rank=4),
    PageKind("topic", _Builder.topics),
    PageKind("path-index", _Builder.path_index, _paths_nav, nav_rank=5),
    PageKind("path", _Builder.paths),
    PageKind("lineage", _Builder.lineage, _single("論文脈絡圖", LINEAGE), nav_rank=3),
    PageKind(
        "corrections",
        _Builder.corrections,
        lambda c: [{"勘誤與編者註": CORRECTIONS}] if c.has_remarks else [],
        nav_rank=6,
    ),
)


def _builder(catalogue: Catalogue, icons: Icons, previous: PageMemo | None = None) -> _Builder:
    era_tables = {
        era.id: table_pages(catalogue.papers_in(era), functools.partial(era_path, era)) for era in catalogue.eras
    }
    return _Builder(catalogue, icons, era_tables, previous or PageMemo())


def render_site_pages(
    catalogue: Catalogue, icons: Icons = no_icons, previous: PageMemo | None = None
) -> tuple[dict[str, list[RenderedPage]], PageMemo]:
    """Every generated page of the site, by kind (PAGE_KINDS order), reusing previous's pages rendered
    from the same inputs; and this build's memo, for the next to reuse."""
    build = _builder(catalogue, icons, previous)
    return {kind.name: kind.build(build) for kind in PAGE_KINDS}, build.made


def render_pages_by_kind(catalogue: Catalogue, icons: Icons = no_icons) -> dict[str, list[RenderedPage]]:
    """Every generated page of the site, by kind (PAGE_KINDS order)."""
    return render_site_pages(catalogue, icons)[0]


def render_pages(catalogue: Catalogue, icons: Icons = no_icons) -> list[RenderedPage]:
    """Every generated page of the site."""
    return [page for pages in render_pages_by_kind(catalogue, icons).values() for page in pages]
