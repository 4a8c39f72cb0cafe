"""When and from where Material's script loads the search index: only once search is used, and each
edition's own.

Material (9.8.1) fetches search/search_index.json on every page load and hands it to the search
worker, whether or not the reader ever searches: at 5,000 papers that is megabytes on every first
visit. Three changes to its script (the bundle), each recognised by its shape whatever names the
minifier gave its variables; if Material changes one, the build fails with a message instead of
silently shipping a site that loads the index everywhere or nowhere:

1. Where: a page that names its edition's search folder (`<meta name="vlm-search"
   content="zh-Hans/search/">`, written by overrides/main.html) gets that index
   (vlmguide.mkdocs.search_index writes one per edition); other pages get search/. What it fetches
   there is the index's root, parts.json: the worker fetches the rest per query
   (vlmguide.mkdocs.search_parts).
2. When: the worker is set up with the index the first time search opens (the search box gets
   focus, its label is clicked, or a key such as / is pressed). Material already waits for that
   when the site is opened from file://; over http it does not, and this makes it wait there too.
   A query typed before the index arrives is kept and answered once the worker is ready.
3. Highlighting (the search.highlight feature): Material subscribes every page to the index to
   highlight the terms of a result link's `?h=` parameter. Only a page opened with `h` in its
   address (that is, from a search result) needs it; other pages no longer fetch the index for it.
"""

from __future__ import annotations

import re
from pathlib import Path

from vlmguide.mkdocs.search_parts import ROOT_NAME
from vlmguide.mkdocs.theme_assets import BUNDLE_GLOB, rewrite_asset

SEARCH_META = "vlm-search"  # the meta tag naming a page's search folder
_NAME = r"[\w$]+"
_INDEX_URL = re.compile(rf'new URL\("search/search_index\.json",(?P<config>{_NAME})\.base\)')
_INDEX_FIXED = (
    'new URL((document.querySelector("meta[name=' + SEARCH_META + ']")||{content:"search/"}).content'
    f'+"{ROOT_NAME}",\\g<config>.base)'
)
# L($(location.protocol!=="file:"),Je("search")): set up at once over http, else when search opens.
_SETUP_NOW = re.compile(rf'(?P<of>{_NAME})\(location\.protocol!=="file:"\),(?P<toggle>{_NAME})\("search"\)')
_SETUP_ON_OPEN = r'\g<of>(!1),\g<toggle>("search")'
# V("search.highlight")?Ai(e,{index$:zi,...}):y -- only on pages opened from a search result.
_HIGHLIGHT = re.compile(rf'(?P<feature>{_NAME})\("search\.highlight"\)\?(?P<highlight>{_NAME})\(')
_HIGHLIGHT_FROM_RESULT = r'\g<feature>("search.highlight")&&/[?&]h=/.test(location.search)?\g<highlight>('
_FIXED_MARK = "/[?&]h=/.test(location.search)"


class SearchLoadingError(RuntimeError):
    """Material's script does not look like the one these changes were written for."""


def _one(pattern: re.Pattern[str], replacement: str, code: str, name: str, what: str) -> str:
    found = len(pattern.findall(code))
    if found != 1:
        raise SearchLoadingError(
            f"{name}: Material's {what} changed ({found} places of the expected shape); "
            "review src/vlmguide/mkdocs/search_loading.py before upgrading"
        )
    return pattern.sub(replacement, code)


def with_search_loading(code: str, name: str = "Material's script") -> str:
    """code loading the page's own search index, and only once search is used (unchanged if it already does)."""
    if _FIXED_MARK in code:  # a rebuild under `mkdocs serve` finds the script already changed
        return code
    code = _one(_INDEX_URL, _INDEX_FIXED, code, name, "search index location")
    code = _one(_SETUP_NOW, _SETUP_ON_OPEN, code, name, "search setup on page load")
    return _one(_HIGHLIGHT, _HIGHLIGHT_FROM_RESULT, code, name, "search highlighting")


def fix_search_loading(site_dir: Path) -> Path:
    """Apply the changes to the built site's script; return its path."""
    return rewrite_asset(site_dir, BUNDLE_GLOB, with_search_loading, SearchLoadingError)
