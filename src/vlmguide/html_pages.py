"""Generated pages reach MkDocs as HTML: it takes their body as it is, without Markdown.

MkDocs converts every page with a fresh Markdown instance; for thousands of generated pages
that is most of the build. The hook hands each generated page's HTML (vlmguide.render) to
use_html, which gives MkDocs what its own conversion would have produced: the content, the
table of contents, and the anchor ids that links from other pages are checked against.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

# Headings as the templates write them (the heading macro in templates/_page.html.j2).
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"')
_ID = re.compile(r'\sid="([^"]+)"')


def table_of_contents(html: str) -> TableOfContents:
    """The headings of html, nested by level, as MkDocs' toc extension reports them."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, name in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return get_toc(root)


def use_html(page: Page, html: str) -> None:
    """Make MkDocs take html as the page's body instead of converting its Markdown."""
    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = html
        page.toc = table_of_contents(html)
        page.present_anchor_ids = set(_ID.findall(html))
        page.links_to_anchors = {}

    page.render = render  # type: ignore[method-assign]
