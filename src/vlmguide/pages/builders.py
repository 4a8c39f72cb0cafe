"""Every generated page of the site, one builder per kind of page.

Pure functions of the Catalogue, so they are tested without MkDocs. Each builder passes its
template only the page's own context; the helpers every template uses are the environment's
globals (vlmguide.pages.templating).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markupsafe import Markup

from vlmguide.catalogue.model import Catalogue, Era, Paper, Topic
from vlmguide.pages import graphics
from vlmguide.pages.home import timeline, timeline_years, year_counts
from vlmguide.pages.inline import description
from vlmguide.pages.rendered import RenderedPage
from vlmguide.pages.tables import TablePage, era_filters, table_pages
from vlmguide.pages.templating import Icons, no_icons, render
from vlmguide.pages.urls import (
    CORRECTIONS,
    DATA_ESSAY,
    DATA_PAPERS,
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


@dataclass(frozen=True)
class _Builder:
    """What every builder shares: the catalogue, the icons, and where each paper's era table lists it."""

    catalogue: Catalogue
    icons: Icons
    era_tables: dict[str, list[TablePage]]

    @functools.cached_property
    def era_page_of(self) -> dict[str, str]:
        """{paper id: the era table page that lists it}: where a paper's "era" link leads."""
        return {paper.id: page.path for tables in self.era_tables.values() for page in tables for paper in page.papers}

    def render(self, path: str, template: str, **context: object) -> str:
        return render(template, self.icons, catalogue=self.catalogue, page_path=path, **context)

    def home(self) -> RenderedPage:
        papers, eras = self.catalogue.papers, self.catalogue.eras
        first, last = papers[0], papers[-1]
        return RenderedPage.of(
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
            DATA_PAPERS,
            hide=("navigation",),
        )

    def era(self, era: Era) -> list[RenderedPage]:
        tables, count = self.era_tables[era.id], len(self.catalogue.papers_in(era))
        return [
            RenderedPage.of(
                table.path,
                f"{era.title} ({era.years}){table.suffix}",
                f"「{era.title}」年代({era.years})的 {count} 篇視覺語言模型經典論文{table.suffix}:簡單摘要、關鍵技術與基本原理。",
                self.render(
                    table.path, "era.html.j2", era=era, table=table, tables=tables, **era_filters(self.catalogue, table)
                ),
                DATA_PAPERS,
                hide=("toc",),
            )
            for table in tables
        ]

    def papers(self) -> list[RenderedPage]:
        papers, pages = self.catalogue.papers, []
        for i, paper in enumerate(papers):
            path = paper_path(paper)
            era = self.catalogue.eras_by_id[paper.era]
            neighbourhood = None
            if paper.builds_on or self.catalogue.built_upon_by.get(paper.id):
                layout = graphics.neighbourhood_layout(
                    self.catalogue, paper, lambda p, path=path: page_url(paper_path(p), path)
                )
                neighbourhood = Markup(
                    graphics.svg(layout, f"{paper.name} 的脈絡:上方是它建立在的論文,下方是延續它的論文")
                )
            html = self.render(
                path,
                "paper.html.j2",
                neighbourhood=neighbourhood,
                paper=paper,
                era=era,
                era_page=self.era_page_of[paper.id],
                previous=papers[i - 1] if i > 0 else None,
                next=papers[i + 1] if i + 1 < len(papers) else None,
            )
            pages.append(
                RenderedPage.of(
                    path,
                    f"{paper.name} — {paper.title or era.title}",
                    description(paper.summary),
                    html,
                    DATA_PAPERS,
                    self.catalogue.paper_lines.get(paper.id),
                )
            )
        return pages

    def essay(self) -> RenderedPage:
        essay = self.catalogue.essay
        return RenderedPage.of(
            ESSAY,
            essay.title,
            description(essay.conclusion[0]),
            self.render(ESSAY, "essay.html.j2", essay=essay),
            DATA_ESSAY,
        )

    def topic_index(self) -> RenderedPage:
        topics = self.catalogue.topics
        return RenderedPage.of(
            TOPICS,
            "主題索引",
            f"依主題瀏覽 {len(self.catalogue.papers)} 篇視覺語言模型論文:{'、'.join(t.name for t in topics)}",
            self.render(TOPICS, "topics.html.j2"),
            DATA_PAPERS,
        )

    def topic(self, topic: Topic) -> list[RenderedPage]:
        tables = table_pages(self.catalogue.papers_on(topic), functools.partial(topic_path, topic.id))
        return [
            RenderedPage.of(
                table.path,
                f"主題:{topic.name}{table.suffix}",
                topic.description,
                self.render(
                    table.path, "topic.html.j2", topic=topic, table=table, tables=tables, era_page_of=self.era_page_of
                ),
                DATA_PAPERS,
            )
            for table in tables
        ]

    def paths(self) -> list[RenderedPage]:
        paths = self.catalogue.paths
        index = RenderedPage.of(
            PATHS,
            "閱讀路徑",
            f"依序閱讀的路線:{'、'.join(p.title for p in paths)}",
            self.render(PATHS, "paths.html.j2"),
            DATA_PAPERS,
        )
        return [
            index,
            *(
                RenderedPage.of(
                    path_path(p),
                    f"閱讀路徑:{p.title}",
                    p.description,
                    self.render(path_path(p), "path.html.j2", reading_path=p),
                    DATA_PAPERS,
                )
                for p in paths
            ),
        ]

    def corrections(self) -> RenderedPage:
        """勘誤與編者註: every editor's remark, linking to where it stands."""
        essay_remarks = [
            (number, point, index, remark)
            for number, point in enumerate(self.catalogue.essay.points, 1)
            for index, remark in enumerate(point.remarks, 1)
        ]
        count = sum(len(p.remarks) for p in self.catalogue.papers) + len(essay_remarks)
        return RenderedPage.of(
            CORRECTIONS,
            "勘誤與編者註",
            f"原始筆記保留原文;這裡列出編者對筆記的 {count} 則更正與補充,每則都連到所在的導讀段落與論文出處。",
            self.render(CORRECTIONS, "corrections.html.j2", remark_count=count, essay_remarks=essay_remarks),
            DATA_PAPERS,
        )

    def lineage(self) -> RenderedPage:
        """One graph of every paper; above LINEAGE_MAX_PAPERS, a graph per era that fits one."""
        href = lambda p: page_url(paper_path(p), LINEAGE)
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
        return RenderedPage.of(
            LINEAGE,
            "論文脈絡圖",
            f"{len(self.catalogue.papers)} 篇視覺語言模型論文之間「建立在」的關係圖,依年份由上到下、依年代著色,節點連到論文頁。",
            self.render(LINEAGE, "lineage.html.j2", sections=sections, fills=graphics.ERA_FILLS),
            DATA_PAPERS,
            hide=("toc",),
        )


def render_pages(catalogue: Catalogue, icons: Icons = no_icons) -> list[RenderedPage]:
    """Every generated page of the site."""
    era_tables = {
        era.id: table_pages(catalogue.papers_in(era), functools.partial(era_path, era)) for era in catalogue.eras
    }
    build = _Builder(catalogue, icons, era_tables)
    pages = [build.home()]
    for era in catalogue.eras:
        pages += build.era(era)
    pages += build.papers()
    pages.append(build.essay())
    if catalogue.topics:
        pages.append(build.topic_index())
        for topic in catalogue.topics:
            pages += build.topic(topic)
    if catalogue.paths:
        pages += build.paths()
    pages.append(build.lineage())
    if catalogue.has_remarks:
        pages.append(build.corrections())
    return pages
