"""One small change to Material's script for the site's two editions (vlmguide.pages.editions):
no sitemap fetches for alternate links. Material (9.8.1) keeps a reader on the same page when
they switch language versions: for every `<link rel="alternate">` of a page it fetches the
sitemap.xml beside it, on every visit, and rewrites clicks on the language links. Here every
page links its twin in the other edition directly (overrides/partials/alternate.html and the
hreflang links of overrides/main.html), so none of that is needed; and it would cost: the feed
links (rel="alternate" too, on every page) cost the era page about three points of Lighthouse
performance (median of 8 paired runs: 97 without, 94 with), and a twin's sitemap.xml does not
exist (a 404 on every visit). The selector is narrowed to a link no page of this site has.
(Which search index a page loads, and when: vlmguide.mkdocs.search_loading.)

As with vlmguide.mkdocs.search_fix, the build fails with a message if Material changes the script.
"""

from __future__ import annotations

from pathlib import Path

from vlmguide.mkdocs.theme_assets import BUNDLE_GLOB, rewrite_asset

SELECTOR = '"link[rel=alternate]"'
FIXED = '"link[rel=alternate][hreflang][data-md-stay-on-page]"'  # no page has such a link


class LanguageAlternatesError(RuntimeError):
    """Material's script does not look like the one these changes were written for."""


def _changed(name: str, what: str, found: int) -> LanguageAlternatesError:
    return LanguageAlternatesError(
        f"{name}: Material's {what} changed ({found} places of the expected shape); "
        "review src/vlmguide/mkdocs/language_alternates.py before upgrading"
    )


def with_language_alternates_only(code: str, name: str = "Material's script") -> str:
    """code with no sitemap fetches for alternate links (unchanged if it already is)."""
    if code.count(FIXED) == 1 and SELECTOR not in code:
        return code
    if code.count(SELECTOR) != 1:
        raise _changed(name, f"alternate-link handling ({SELECTOR})", code.count(SELECTOR))
    return code.replace(SELECTOR, FIXED)


def fix_language_alternates(site_dir: Path) -> Path:
    """Apply the changes to the built site's script; return its path."""
    return rewrite_asset(site_dir, BUNDLE_GLOB, with_language_alternates_only, LanguageAlternatesError)
