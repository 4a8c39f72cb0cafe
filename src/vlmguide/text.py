"""Rules for the catalogue's text fields: inline Markdown emphasis only, never HTML.

Editors write `**bold**` and `*italic*`; anything that could become markup a
reader's browser runs (tags, links, `javascript:`) is refused by the validator,
and the renderer escapes `<`, `>` and `&` anyway, so it can only ever show as text.
The essay may link to papers with `[label](paper:ID)`, and nothing else.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_LINK = re.compile(r"\]\(|!\[|<[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
# What `vlmguide new` writes where it cannot fetch the text; never published (a strict build fails).
PLACEHOLDER = "待補"
PAPER_LINK = re.compile(r"\[(?P<label>[^\[\]]+)\]\(paper:(?P<id>[^()\s]*)\)")


def check_inline(value: str, *, allow_paper_links: bool = False) -> str:
    """Return value unchanged if it is safe inline text, else raise ValueError saying why."""
    if not value.strip():
        raise ValueError("must not be empty (write the text, or remove the entry)")
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line (join the lines; use a list field for items)")
    if _SCRIPT_URL.search(value):
        raise ValueError("script URLs such as javascript: are not allowed in text (remove it)")
    rest = strip_paper_links(value) if allow_paper_links else value
    if _LINK.search(rest):
        allowed = "only [name](paper:ID) links to papers" if allow_paper_links else "no links"
        raise ValueError(f"links are not allowed here ({allowed}; the arXiv links are generated)")
    if _TAG.search(value):
        raise ValueError(
            "HTML is not allowed in text (use **bold** or *italic*; write < as a word or with spaces)"
        )
    return value


def escape_html(value: str) -> str:
    """Make text safe to put into Markdown or an HTML attribute: HTML special characters become entities."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def escape_inline(value: str) -> str:
    """Text for Markdown where only emphasis may take effect: no HTML, no link or image syntax,
    and no attribute list ({: onclick=...} would add attributes to the element)."""
    return re.sub(r"([\[\]{}])", r"\\\1", escape_html(value))


def paper_mentions(value: str) -> list[str]:
    """The paper IDs named by [label](paper:ID) links in a text."""
    return [m["id"] for m in PAPER_LINK.finditer(value)]


def strip_paper_links(value: str) -> str:
    """The text as the note writes it: paper links reduced to their labels."""
    return PAPER_LINK.sub(lambda m: m["label"], value)
