"""Generated pages reach MkDocs as HTML: a Page subclass takes their body as it is, without Markdown.

MkDocs converts every page with a fresh Markdown instance; for thousands of generated pages
that is most of the build. An HtmlPage is created for each generated file in on_files (the
shape Material's blog plugin uses for its own pages): MkDocs reads its front matter as usual,
and its render() gives MkDocs what its own conversion would have produced: the content, the
table of contents, and the anchor ids that links from other pages are checked against.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from vlmguide.pages.rendered import RenderedPage

# Headings as the templates write them (the heading macro in vlmguide/pages/templates/_page.html.j2).
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"')
_ID = re.compile(r'\sid="([^"]+)"')


def table_of_contents(html: str) -> TableOfContents:
    """The headings of html, nested by level, as MkDocs' toc extension reports them."""
    root: list[Any] = []  # MkDocs' _TocToken dicts
    stack: list[Any] = []
    for level, anchor, name in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return get_toc(root)


class HtmlPage(Page):
    """A generated page: front matter for MkDocs to read, and its body ready as HTML."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, rendered: RenderedPage) -> None:
        super().__init__(title, file, config)
        self.rendered = rendered

    def render(self, config: MkDocsConfig, files: Files) -> None:
        html = self.rendered.html
        self.content = html
        self.toc = table_of_contents(html)
        self.present_anchor_ids = set(_ID.findall(html))
        self.links_to_anchors = {}


def generated_file(rendered: RenderedPage, config: MkDocsConfig, title: str | None) -> File:
    """The File MkDocs builds a generated page from, with its HtmlPage (file.page)."""
    file = File.generated(config, rendered.path, content=rendered.markdown)
    # Generated pages are edited in the YAML; the #L anchor lets "view source" open the paper's own entry.
    file.edit_uri = rendered.edit_uri
    HtmlPage(title, file, config, rendered)  # sets file.page
    return file
