"""Text fields as HTML: escaped, with only their emphasis (and, in the essay, paper links) taking effect."""

from __future__ import annotations

import functools
import json

import markdown
from markupsafe import Markup
from pymdownx.slugs import slugify

from vlmguide.catalogue.text import PAPER_LINK, escape_html, escape_inline, strip_paper_links
from vlmguide.pages.urls import page_url, paper_path_of

# Text fields carry Markdown emphasis (**bold**, *italic*) and, in the essay, paper links.
# One bare converter serves them all; "x " in front keeps a field that starts like a list
# or heading ("1. ...", "# ...") a run of text in the surrounding element.
_INLINE = markdown.Markdown()


@functools.cache
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
        target = page_url(paper_path_of(match["id"]), from_path)
        out += [escape_inline(value[last : match.start()]), f"[{escape_inline(match['label'])}]({target})"]
        last = match.end()
    out.append(escape_inline(value[last:]))
    return _inline_html("".join(out))


_slugify = slugify(case="lower")  # as the toc extension in mkdocs.yml makes heading ids


def heading_id(text: str) -> str:
    return _slugify(text, "-")


def front_matter(value: str) -> str:
    """A title or description for the page's front matter. The theme puts these into <title>,
    <meta content="..."> and search results without escaping them, so escape them here."""
    return json.dumps(escape_html(value), ensure_ascii=False)


def description(value: str) -> str:
    """A one-line plain description for <meta>: emphasis markers and links removed."""
    text = strip_paper_links(value).replace("**", "").replace("*", "")
    return text if len(text) <= 150 else text[:149] + "…"
