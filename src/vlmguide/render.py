"""Rendering the catalogue into Markdown pages: {docs path: Markdown text}.

Pure functions of the Catalogue, so they are tested without MkDocs. Every text
from the data passes through one of the filters below before it reaches Markdown.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from . import bibtex, graphics
from .model import Catalogue, Era, Paper, ReadingPath
from .templating import render
from .text import PAPER_LINK, escape_html, escape_inline, strip_paper_links, table_cell

# Where each kind of page lives under docs/ (and so its URL).
HOME = "index.md"
ESSAY = "essay.md"
LINEAGE = "lineage.md"
TOPICS = "topics/index.md"
PATHS = "paths/index.md"
DATA_PAPERS = "data/papers.yaml"
DATA_ESSAY = "data/essay.yaml"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")


def era_path(era: Era) -> str:
    return f"eras/{era.id}.md"


def paper_path_of(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def paper_path(paper: Paper) -> str:
    return paper_path_of(paper.id)


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def path_path(path: ReadingPath) -> str:
    return f"paths/{path.id}.md"


@dataclass(frozen=True)
class Page:
    """One generated page: its Markdown and where in the data an editor changes it."""

    path: str
    markdown: str
    source: str
    line: int | None = None

    @property
    def source_uri(self) -> str:
        """The data file, with a #L<line> anchor where the page's entry starts."""
        return f"{self.source}#L{self.line}" if self.line else self.source


def plain(value: str) -> str:
    """Text shown exactly as written: Markdown and HTML special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape_html(value))


def front_matter(value: str) -> str:
    """A title or description for the page's front matter. The theme puts these into <title>,
    <meta content="..."> and search results without escaping them, so escape them here."""
    return json.dumps(escape_html(value), ensure_ascii=False)


def description(value: str) -> str:
    """A one-line plain description for <meta>: emphasis markers and links removed."""
    text = strip_paper_links(value).replace("**", "").replace("*", "")
    return text if len(text) <= 150 else text[:149] + "…"


def link_papers(value: str, from_path: str) -> str:
    """Essay text as Markdown: escaped like any text, [name](paper:ID) turned into page links."""
    base = posixpath.dirname(from_path) or "."
    out, last = [], 0
    for match in PAPER_LINK.finditer(value):
        target = posixpath.relpath(paper_path_of(match["id"]), base)
        out += [escape_inline(value[last : match.start()]), f"[{escape_inline(match['label'])}]({target})"]
        last = match.end()
    out.append(escape_inline(value[last:]))
    return "".join(out)


def render_pages(catalogue: Catalogue) -> list[Page]:
    """Every generated page of the site."""
    pages = [Page(HOME, _render(HOME, "home.md.j2", catalogue, timeline=timeline(catalogue)), DATA_PAPERS)]
    pages += [Page(era_path(e), _render(era_path(e), "era.md.j2", catalogue, era=e, **_era_filters(catalogue, e)),
                   DATA_PAPERS) for e in catalogue.eras]
    papers = catalogue.papers
    for i, paper in enumerate(papers):
        path = paper_path(paper)
        pages.append(Page(path, _render(
            path, "paper.md.j2", catalogue, paper=paper,
            era=catalogue.eras_by_id[paper.era],
            previous=papers[i - 1] if i > 0 else None,
            next=papers[i + 1] if i + 1 < len(papers) else None,
        ), DATA_PAPERS, catalogue.paper_lines.get(paper.id)))
    pages.append(Page(ESSAY, _render(ESSAY, "essay.md.j2", catalogue, essay=catalogue.essay), DATA_ESSAY))
    if catalogue.topics:
        pages.append(Page(TOPICS, _render(TOPICS, "topics.md.j2", catalogue), DATA_PAPERS))
        pages += [Page(topic_path(t.id), _render(topic_path(t.id), "topic.md.j2", catalogue, topic=t), DATA_PAPERS)
                  for t in catalogue.topics]
    if catalogue.paths:
        pages.append(Page(PATHS, _render(PATHS, "paths.md.j2", catalogue), DATA_PAPERS))
        pages += [Page(path_path(p), _render(path_path(p), "path.md.j2", catalogue, reading_path=p), DATA_PAPERS)
                  for p in catalogue.paths]
    lineage = graphics.svg(graphics.lineage_layout(catalogue, lambda p: _page_url(paper_path(p), LINEAGE)),
                           "論文脈絡圖:每篇論文建立在哪些論文之上")
    pages.append(Page(LINEAGE, _render(LINEAGE, "lineage.md.j2", catalogue, lineage_svg=lineage,
                                       fills=graphics.ERA_FILLS), DATA_PAPERS))
    return pages


def _era_filters(catalogue: Catalogue, era: Era) -> dict[str, object]:
    """What the era table's filter needs: its years, its topics, and each row's topics (by link URL)."""
    papers = catalogue.papers_in(era)
    topic_ids = {t for p in papers for t in p.topics}
    data = {"papers": {_page_url(paper_path(p), era_path(era)): {"year": p.year, "topics": p.topics} for p in papers}}
    return {
        "years": sorted({p.year for p in papers}),
        "topics": [t for t in catalogue.topics if t.id in topic_ids],
        # JSON inside <script>: "<" escaped so no text can close the element.
        "era_data": json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"),
    }


def _page_url(target: str, from_path: str) -> str:
    """The URL of page target as linked from page from_path (raw HTML links are not rewritten by MkDocs)."""
    def directory(path: str) -> str:  # with use_directory_urls: papers/clip.md -> papers/clip/
        return "." if path == HOME else path.removesuffix(".md").removesuffix("/index")

    relative = posixpath.relpath(directory(target), directory(from_path))
    return "./" if relative == "." else relative + "/"


def timeline(catalogue: Catalogue) -> str:
    """The home page's timeline SVG."""
    return graphics.svg(graphics.timeline_layout(catalogue, lambda p: _page_url(paper_path(p), HOME)),
                        "時間軸:每篇論文依首次提交日期排列,依年代分列")


def nav(catalogue: Catalogue, extra: list[dict[str, str]] | None = None) -> list[object]:
    """The site navigation: home, one entry per era, the essay, then hand-written pages.

    Titles are HTML-escaped: the theme writes navigation titles into the page as they are.

    Paper pages stay out of the navigation: Material renders the whole nav into
    every page, so listing papers would make each page (and the build) grow with
    the catalogue. They are reached from the era tables, search and prev/next links.
    """
    entries: list[object] = [
        {"首頁": HOME},
        {"年代": [{escape_html(f"{e.title} ({e.years})"): era_path(e)} for e in catalogue.eras]},
        {escape_html(catalogue.essay.title): ESSAY},
        {"論文脈絡圖": LINEAGE},
    ]
    if catalogue.topics:
        entries.append({"主題": TOPICS})
    if catalogue.paths:
        entries.append({"閱讀路徑": [{"所有路徑": PATHS}, *({escape_html(p.title): path_path(p)} for p in catalogue.paths)]})
    return [*entries, *(extra or [])]


def _render(path: str, template: str, catalogue: Catalogue, **context: object) -> str:
    def rel(target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(path) or ".")

    return render(
        template, catalogue=catalogue, rel=rel, era_path=era_path, paper_path=paper_path, topic_path=topic_path,
        path_path=path_path, bibtex=bibtex.entry,
        inline=escape_inline, cell=table_cell, plain=plain, description=description, front_matter=front_matter,
        essay_text=lambda value: link_papers(value, path), **context,
    )
