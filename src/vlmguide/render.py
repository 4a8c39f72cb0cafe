"""Rendering the catalogue into pages: front matter for MkDocs, and the body as HTML.

Pure functions of the Catalogue, so they are tested without MkDocs. Templates escape every
value; text fields pass through inline() or link_papers(), which let only emphasis and
paper links take effect.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import markdown
import material
from markupsafe import Markup
from pymdownx.slugs import slugify

from . import bibtex, graphics
from .model import Catalogue, Era, Paper, ReadingPath
from .templating import render
from .text import PAPER_LINK, escape_html, escape_inline, strip_paper_links

# Where each kind of page lives under docs/ (and so its URL).
HOME = "index.md"
ESSAY = "essay.md"
LINEAGE = "lineage.md"
TOPICS = "topics/index.md"
PATHS = "paths/index.md"
DATA_PAPERS = "data/papers.yaml"
DATA_ESSAY = "data/essay.yaml"

def _table_page_path(stem: str, page: int) -> str:
    """A table's first page at stem, its later pages under it (see table_pages)."""
    return f"{stem}.md" if page == 1 else f"{stem}/{page}.md"


def era_path(era: Era, page: int = 1) -> str:
    return _table_page_path(f"eras/{era.id}", page)


def paper_path_of(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def paper_path(paper: Paper) -> str:
    return paper_path_of(paper.id)


def topic_path(topic_id: str, page: int = 1) -> str:
    return _table_page_path(f"topics/{topic_id}", page)


def path_path(path: ReadingPath) -> str:
    return f"paths/{path.id}.md"


# An era or topic table lists at most this many papers on one page. A longer one is split
# into pages (eras/<id>/, eras/<id>/2/, ...), so every page stays quick to lay out on a
# phone however large the catalogue grows: a 50-row era page scores 94-95 for performance
# in Lighthouse's mobile run, a 100-row one 82-91. The real eras have at most 25 papers.
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


def table_pages(papers: Sequence[Paper], path: Callable[[int], str]) -> list[TablePage]:
    """papers split into pages of TABLE_PAGE_ROWS; path(number) is each page's path."""
    chunks = [papers[i : i + TABLE_PAGE_ROWS] for i in range(0, len(papers), TABLE_PAGE_ROWS)] or [[]]
    return [TablePage(number, len(chunks), path(number), chunk) for number, chunk in enumerate(chunks, 1)]


@dataclass(frozen=True)
class Page:
    """One generated page: its title and description, its HTML, and where an editor changes it.

    Generated pages are HTML from autoescaping Jinja templates, not Markdown: MkDocs reads
    only the front matter (self.markdown) and takes the body as it is (vlmguide.html_pages).
    That keeps a 5,000-paper build within budget and leaves no Markdown syntax in data text
    for a reader's browser to interpret.
    """

    path: str
    title: str
    description: str
    html: str
    search_html: str  # html without what the templates mark <!--search:exclude-->: what the search index reads
    source: str
    line: int | None = None
    hide: tuple[str, ...] = ()

    @property
    def source_uri(self) -> str:
        """The data file, with a #L<line> anchor where the page's entry starts."""
        return f"{self.source}#L{self.line}" if self.line else self.source

    @property
    def markdown(self) -> str:
        """What MkDocs reads as the page's source: the front matter alone."""
        lines = ["---", f"title: {front_matter(self.title)}", f"description: {front_matter(self.description)}"]
        if self.hide:
            lines += ["hide:", *(f"  - {item}" for item in self.hide)]
        return "\n".join([*lines, "---", ""])


def front_matter(value: str) -> str:
    """A title or description for the page's front matter. The theme puts these into <title>,
    <meta content="..."> and search results without escaping them, so escape them here."""
    return json.dumps(escape_html(value), ensure_ascii=False)


def description(value: str) -> str:
    """A one-line plain description for <meta>: emphasis markers and links removed."""
    text = strip_paper_links(value).replace("**", "").replace("*", "")
    return text if len(text) <= 150 else text[:149] + "…"


# Text fields carry Markdown emphasis (**bold**, *italic*) and, in the essay, paper links.
# One bare converter serves them all; "x " in front keeps a field that starts like a list
# or heading ("1. ...", "# ...") a run of text in the surrounding element.
_INLINE = markdown.Markdown()


@functools.lru_cache(maxsize=None)
def _inline_html(text: str) -> Markup:
    _INLINE.reset()
    html = _INLINE.convert("x " + text)
    return Markup(html.removeprefix("<p>x ").removesuffix("</p>"))


def inline(value: str) -> Markup:
    """A text field as HTML: escaped, with only its emphasis taking effect."""
    return _inline_html(escape_inline(value))


def link_papers(value: str, from_path: str) -> Markup:
    """Essay text as HTML: escaped like any text, [name](paper:ID) turned into links to paper pages."""
    out, last = [], 0
    for match in PAPER_LINK.finditer(value):
        target = _page_url(paper_path_of(match["id"]), from_path)
        out += [escape_inline(value[last : match.start()]), f"[{escape_inline(match['label'])}]({target})"]
        last = match.end()
    out.append(escape_inline(value[last:]))
    return _inline_html("".join(out))


_slugify = slugify(case="lower")  # as the toc extension in mkdocs.yml makes heading ids


def slug(text: str) -> str:
    return _slugify(text, "-")


@functools.cache
def icon(name: str) -> Markup:
    """A Material icon as inline SVG, as the emoji extension writes :material-...: icons."""
    svg = (Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg").read_text(encoding="utf-8")
    return Markup(f'<span class="twemoji">{svg.strip()}</span>')


_UNSEARCHED = re.compile(r"<!--search:exclude-->.*?<!--/search:exclude-->", re.S)


def _page(path: str, title: str, description: str, html: str, source: str, line: int | None = None,
          hide: tuple[str, ...] = ()) -> Page:
    shown = html.replace("<!--search:exclude-->", "").replace("<!--/search:exclude-->", "")
    return Page(path, title, description, shown, _UNSEARCHED.sub("", html), source, line, hide)


def render_pages(catalogue: Catalogue) -> list[Page]:
    """Every generated page of the site."""
    papers, eras = catalogue.papers, catalogue.eras
    first, last = papers[0], papers[-1]
    era_tables = {era.id: table_pages(catalogue.papers_in(era), functools.partial(era_path, era)) for era in eras}
    # The era table page that lists each paper: where a paper's "era" link leads.
    era_page_of = {paper.id: page.path for tables in era_tables.values() for page in tables for paper in page.papers}
    pages = [_page(HOME, catalogue.title,
                  f"從 {first.name}({first.year})到 {last.name}({last.year}),{len(papers)} 篇視覺語言模型經典論文的"
                  f"繁體中文導讀:每篇的核心思想、關鍵技術與基本原理,分成 {len(eras)} 個年代。",
                  _render(HOME, "home.html.j2", catalogue, timeline=timeline(catalogue),
                          year_counts=_year_counts(catalogue, era_page_of)),
                  DATA_PAPERS, hide=("navigation",))]
    for era in eras:
        tables, count = era_tables[era.id], len(catalogue.papers_in(era))
        for table in tables:
            pages.append(_page(table.path, f"{era.title} ({era.years}){table.suffix}",
                              f"「{era.title}」年代({era.years})的 {count} 篇視覺語言模型經典論文"
                              f"{table.suffix}:簡單摘要、關鍵技術與基本原理。",
                              _render(table.path, "era.html.j2", catalogue, era=era, table=table, tables=tables,
                                      **_era_filters(catalogue, table)),
                              DATA_PAPERS, hide=("toc",)))
    for i, paper in enumerate(papers):
        path = paper_path(paper)
        era = catalogue.eras_by_id[paper.era]
        pages.append(_page(path, f"{paper.name} — {paper.title or era.title}", description(paper.summary), _render(
            path, "paper.html.j2", catalogue, paper=paper, era=era, era_page=era_page_of[paper.id],
            previous=papers[i - 1] if i > 0 else None,
            next=papers[i + 1] if i + 1 < len(papers) else None,
        ), DATA_PAPERS, catalogue.paper_lines.get(paper.id)))
    essay = catalogue.essay
    pages.append(_page(ESSAY, essay.title, description(essay.conclusion[0]),
                      _render(ESSAY, "essay.html.j2", catalogue, essay=essay), DATA_ESSAY))
    if catalogue.topics:
        pages.append(_page(TOPICS, "主題索引",
                          f"依主題瀏覽 {len(papers)} 篇視覺語言模型論文:{'、'.join(t.name for t in catalogue.topics)}",
                          _render(TOPICS, "topics.html.j2", catalogue), DATA_PAPERS))
        for topic in catalogue.topics:
            tables = table_pages(catalogue.papers_on(topic), functools.partial(topic_path, topic.id))
            for table in tables:
                pages.append(_page(table.path, f"主題:{topic.name}{table.suffix}", topic.description,
                                  _render(table.path, "topic.html.j2", catalogue, topic=topic, table=table,
                                          tables=tables, era_page_of=era_page_of), DATA_PAPERS))
    if catalogue.paths:
        pages.append(_page(PATHS, "閱讀路徑", f"依序閱讀的路線:{'、'.join(p.title for p in catalogue.paths)}",
                          _render(PATHS, "paths.html.j2", catalogue), DATA_PAPERS))
        pages += [_page(path_path(p), f"閱讀路徑:{p.title}", p.description,
                       _render(path_path(p), "path.html.j2", catalogue, reading_path=p), DATA_PAPERS)
                  for p in catalogue.paths]
    lineage = graphics.svg(graphics.lineage_layout(catalogue, lambda p: _page_url(paper_path(p), LINEAGE)),
                           "論文脈絡圖:每篇論文建立在哪些論文之上")
    pages.append(_page(LINEAGE, "論文脈絡圖",
                      f"{len(papers)} 篇視覺語言模型論文之間「建立在」的關係圖,依年份分欄、依年代著色,每個節點都連到論文頁。",
                      _render(LINEAGE, "lineage.html.j2", catalogue, lineage_svg=Markup(lineage),
                              fills=graphics.ERA_FILLS), DATA_PAPERS, hide=("toc",)))
    return pages


def _era_filters(catalogue: Catalogue, table: TablePage) -> dict[str, object]:
    """What a page of an era table's filter needs: its years, its topics, and each row's topics (by link URL)."""
    papers = table.papers
    topic_ids = {t for p in papers for t in p.topics}
    data = {"papers": {_page_url(paper_path(p), table.path): {"year": p.year, "topics": p.topics} for p in papers}}
    return {
        "years": sorted({p.year for p in papers}),
        "topics": [t for t in catalogue.topics if t.id in topic_ids],
        # JSON inside <script>: "<" escaped so no text can close the element.
        "era_data": Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")),
    }


@functools.lru_cache(maxsize=None)
def _url_parts(path: str) -> tuple[str, ...]:
    """A page's directory URL as parts (use_directory_urls): papers/clip.md -> (papers, clip)."""
    if path == HOME:
        return ()
    return tuple(path.removesuffix(".md").removesuffix("/index").split("/"))


def _page_url(target: str, from_path: str) -> str:
    """The URL of page target as linked from page from_path (HTML links are not rewritten by MkDocs)."""
    to, base = _url_parts(target), _url_parts(from_path)
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    parts = [".."] * (len(base) - common) + list(to[common:])
    return "/".join(parts) + "/" if parts else "./"


# Up to this many papers the home page draws each one on its timeline; beyond, it shows a
# table of counts per era and year (linking to the era table filtered by year), so the home
# page stays light however large the catalogue grows.
TIMELINE_MAX_PAPERS = 200


def timeline(catalogue: Catalogue) -> Markup | None:
    """The home page's timeline SVG, or None when the catalogue is too large to draw paper by paper."""
    if len(catalogue.papers) > TIMELINE_MAX_PAPERS:
        return None
    return Markup(graphics.svg(graphics.timeline_layout(catalogue, lambda p: _page_url(paper_path(p), HOME)),
                               "時間軸:每篇論文依首次提交日期排列,依年代分列"))


def _year_counts(catalogue: Catalogue, era_page_of: dict[str, str]) -> dict[str, object]:
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
    return render(
        template, catalogue=catalogue, url=lambda target: _page_url(target, path),
        era_path=era_path, paper_path=paper_path, topic_path=topic_path, path_path=path_path,
        HOME=HOME, ESSAY=ESSAY, LINEAGE=LINEAGE, TOPICS=TOPICS, PATHS=PATHS, TABLE_PAGE_ROWS=TABLE_PAGE_ROWS,
        bibtex=bibtex.entry, inline=inline, essay_text=lambda value: link_papers(value, path), slug=slug, icon=icon,
        **context,
    )
