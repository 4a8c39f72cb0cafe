"""The one place that relies on how Material's search plugin (9.8.1) keeps its index.

Under `mkdocs serve`, SearchEntryCache reuses the search entries of pages a save did not
change. It uses two things of Material's that its documentation does not promise: the plugin's
`search_index`, whose `entries` list grows by a page's sections as the plugin indexes it on
on_page_context, and the front matter `search: exclude: true` the plugin honours there.
check_search_plugin() tells, in one message, if a Material upgrade changed either (a test runs it).
"""

from __future__ import annotations

import inspect
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from vlmguide.mkdocs.serve_cache import BuildMemo


class MaterialSearchChanged(RuntimeError):
    """Material's search plugin no longer keeps its index the way SearchEntryCache relies on."""


def check_search_plugin() -> None:
    """Raise MaterialSearchChanged if the installed Material's search index differs from 9.8.1's."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    index_source = inspect.getsource(SearchIndex.add_entry_from_context)
    plugin_source = inspect.getsource(SearchPlugin.on_page_context)
    expected = {
        "SearchIndex keeps its entries in a list": "self.entries = []" in inspect.getsource(SearchIndex.__init__),
        "add_entry_from_context honours search: exclude": 'search.get("exclude")' in index_source,
        "the plugin indexes each page on on_page_context": "self.search_index.add_entry_from_context(page)"
        in plugin_source,
    }
    broken = [what for what, holds in expected.items() if not holds]
    if broken:
        raise MaterialSearchChanged(
            "Material's search plugin changed ("
            + "; ".join(f"no longer: {b}" for b in broken)
            + "): review vlmguide/mkdocs/material_search.py before upgrading"
        )


def search_index_of(config: MkDocsConfig) -> Any | None:
    """This build's Material search index (None without the search plugin)."""
    plugin = config.plugins.get("material/search")
    return getattr(plugin, "search_index", None)


class SearchEntryCache(BuildMemo):
    """A page's search entries, keyed by its URL, title, HTML and front matter.

    before() runs just ahead of Material's search plugin on on_page_context and after() just
    behind it: on a hit, before() marks the page excluded for this one indexing and after()
    puts the cached entries in its place; on a miss, after() keeps what the plugin added.
    """

    def __init__(self) -> None:
        super().__init__()
        self._index: Any | None = None
        self._pending: dict[str, tuple[tuple[Any, ...], int, Any]] = {}

    def start_index(self, config: MkDocsConfig) -> None:
        self.start_build()
        self._index = search_index_of(config)
        self._pending = {}

    def before(self, page: Page) -> None:
        if self._index is None:
            return
        key = (page.url, page.title, page.content, repr(page.meta))
        cached = self.get(key)
        search = page.meta.get("search")
        if cached is not None:
            page.meta["search"] = {**(search or {}), "exclude": True}
        self._pending[page.url] = (key, len(self._index.entries), (search, cached))

    def after(self, page: Page) -> None:
        if self._index is None or page.url not in self._pending:
            return
        key, start, (search, cached) = self._pending.pop(page.url)
        if cached is None:
            cached = self._index.entries[start:]
        else:
            if search is None:
                page.meta.pop("search", None)
            else:
                page.meta["search"] = search
            self._index.entries.extend(dict(entry) for entry in cached)
        self.put(key, cached)
