"""The site's two editions: zh-TW at the root, and zh-Hans, converted from it, under /zh-Hans/.

Both have the same pages at the same paths below their root, so every page has a twin: the
language switch and the hreflang links go from /papers/clip/ to /zh-Hans/papers/clip/ and back.
The downloads and the feeds are one set at the root, which both editions link.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from vlmguide.pages.rendered import RenderedPage
from vlmguide.pages.simplified import Simplifier


@dataclass(frozen=True)
class Edition:
    code: str  # BCP 47, as <html lang> and hreflang give it
    prefix: str  # its root below the site's: "" or "zh-Hans/"
    name: str  # the language switch shows it, in its own script
    theme_language: str  # Material's interface language
    og_locale: str  # Open Graph's locale

    @property
    def search_dir(self) -> str:
        """Where its search index and its query conversion table are, below the site's root."""
        return f"{self.prefix}search/"

    def url_of(self, url: str) -> str:
        """The address (below the site's root) of this edition's twin of the page at url, of either edition."""
        return self.prefix + url.removeprefix(SIMPLIFIED.prefix)


TRADITIONAL = Edition("zh-TW", "", "繁體中文", "zh-TW", "zh_TW")
SIMPLIFIED = Edition("zh-Hans", "zh-Hans/", "简体中文", "zh", "zh_CN")
EDITIONS = (TRADITIONAL, SIMPLIFIED)

# What the editions share, at the site's root: links to it from a zh-Hans page go one level up.
SHARED_DIRS = ("downloads", "feeds")
_SHARED_LINK = re.compile(r'(\b(?:href|src)=")(?:\./)?((?:\.\./)*)((?:' + "|".join(SHARED_DIRS) + r")/)")


def edition_of(url: str) -> Edition:
    """The edition a page belongs to, by its address below the site's root (docs path or URL)."""
    return SIMPLIFIED if url.startswith(SIMPLIFIED.prefix) else TRADITIONAL


def simplified_page(page: RenderedPage, simplify: Simplifier) -> RenderedPage:
    """The zh-Hans twin of a generated page: its text converted, its path under zh-Hans/, its links to
    what the editions share pointing at the root. Its source stays the Traditional data an editor edits."""
    up = "../" * SIMPLIFIED.prefix.count("/")

    def html(value: str) -> str:
        return _SHARED_LINK.sub(lambda m: m.group(1) + up + m.group(2) + m.group(3), simplify.html(value))

    card = page.card and dataclasses.replace(
        page.card,
        headline=simplify.text(page.card.headline),
        body=simplify.text(page.card.body),
        kicker=simplify.text(page.card.kicker),
        footer=simplify.text(page.card.footer),
    )
    return dataclasses.replace(
        page,
        path=SIMPLIFIED.prefix + page.path,
        title=simplify.text(page.title),
        description=simplify.text(page.description),
        marked_html=html(page.marked_html),  # once: what search leaves out stays marked (ASCII comments)
        card=card,
        card_from=page.card_from and SIMPLIFIED.prefix + page.card_from,
    )


def simplified_nav(entries: object, simplify: Simplifier) -> object:
    """MkDocs' nav setting for the zh-Hans edition: the same entries, titles converted, paths under zh-Hans/."""
    if isinstance(entries, list):
        return [simplified_nav(entry, simplify) for entry in entries]
    if isinstance(entries, dict):
        return {simplify.text(title): simplified_nav(target, simplify) for title, target in entries.items()}
    if isinstance(entries, str) and "://" not in entries:
        return SIMPLIFIED.prefix + entries
    return entries
