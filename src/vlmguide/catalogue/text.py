"""Rules for the catalogue's text fields: inline Markdown emphasis only, never HTML.

Editors write `**bold**` and `*italic*`; anything that could become markup a
reader's browser runs (tags, links, `javascript:`) is refused by the validator,
and the renderer escapes `<`, `>` and `&` anyway, so it can only ever show as text.
The essay may link to papers with `[label](paper:ID)`, and nothing else.
"""

from __future__ import annotations

import re
import unicodedata

# Long enough for any summary or mechanism (the note's longest is under 300 characters); a text
# longer than this is a paste gone wrong, refused where it stands (the model's max_length).
MAX_TEXT_CHARS = 5000

# Characters that change how text is shown without being seen: bidirectional embeddings,
# overrides and isolates (a U+202E makes a page show text in another order than the source a
# reviewer approved), marks and invisible separators, and control characters. Zero-width
# joiners stay allowed: emoji sequences need them.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_LINK = re.compile(r"\]\(|!\[|<[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
# What `vlmguide new` writes where it cannot fetch the text; never published (a strict build fails).
PLACEHOLDER = "待補"
# A Han (Chinese) character: the CJK Unified Ideographs, Extension A and the compatibility block.
HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
PAPER_LINK = re.compile(r"\[(?P<label>[^\[\]]+)\]\(paper:(?P<id>[^()\s]*)\)")


class InvisibleCharacterError(ValueError):
    """A text holds a character that changes its display unseen; `char` is the first one."""

    def __init__(self, char: str) -> None:
        self.char = char
        super().__init__(
            f"invisible character {code_point(char)} is not allowed in text "
            "(it can make the page show something else than the source; delete it)"
        )


def code_point(char: str) -> str:
    """'\u202e' -> 'U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'control character')})"


def check_inline(value: str, *, allow_paper_links: bool = False) -> str:
    """Return value unchanged if it is safe inline text, else raise ValueError saying why."""
    if not value.strip():
        raise ValueError("must not be empty (write the text, or remove the entry)")
    if (invisible := _INVISIBLE.search(value)) is not None:
        raise InvisibleCharacterError(invisible[0])
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line (join the lines; use a list field for items)")
    if _SCRIPT_URL.search(value):
        raise ValueError("script URLs such as javascript: are not allowed in text (remove it)")
    rest = strip_paper_links(value) if allow_paper_links else value
    if _LINK.search(rest):
        allowed = "only [name](paper:ID) links to papers" if allow_paper_links else "no links"
        raise ValueError(f"links are not allowed here ({allowed}; the arXiv links are generated)")
    if _TAG.search(value):
        raise ValueError("HTML is not allowed in text (use **bold** or *italic*; write < as a word or with spaces)")
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
