"""The one place that relies on how Material's search plugin (9.8.1) keeps its index.

Under `mkdocs serve`, SearchEntryCache reuses the search entries of pages a save did not
change. It uses three things of Material's that its documentation does not promise: the
plugin's `search_index`, whose `entries` list grows by a page's sections as the plugin indexes
the page on on_page_context, and the front matter `search: exclude: true` the plugin honours
there. check_search_plugin() tries each on a probe page and tells, in one message, if a Material
upgrade changed any (a test runs it).

The entries also depend on jieba's dictionaries (search.jieba_dict, jieba_dict_user): their
bytes are part of every cache key, and when they change under serve jieba's tokenizer is
started afresh, so a word taken out of data/search-terms.txt is forgotten as a fresh build would.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from vlmguide.mkdocs.serve_cache import BuildMemo
from vlmguide.pages.simplified import Simplifier


class MaterialSearchChanged(RuntimeError):
    """Material's search plugin no longer keeps its index the way SearchEntryCache relies on."""


def _probe_page(meta: dict[str, Any]) -> Any:
    return SimpleNamespace(
        meta=meta, content='<h1 id="probe">Probe</h1><p>probe text</p>', toc=[], url="probe/", title="Probe"
    )


def check_search_plugin() -> None:
    """Raise MaterialSearchChanged if the installed Material's search plugin does not index a probe
    page the way SearchEntryCache relies on."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    plugin = SearchPlugin()
    plugin.load_config({})
    plugin.search_index = SearchIndex(**plugin.config)
    entries_before = list(plugin.search_index.entries)
    plugin.on_page_context({}, page=_probe_page({}), config=None, nav=None)
    added = plugin.search_index.entries[len(entries_before) :]
    excluded = SearchIndex(**plugin.config)
    excluded.add_entry_from_context(_probe_page({"search": {"exclude": True}}))
    expected = {
        "the plugin's search_index keeps its entries in a list": isinstance(plugin.search_index.entries, list),
        "on_page_context appends the page's sections to search_index.entries": bool(added)
        and all(entry.get("location", "").startswith("probe/") for entry in added),
        "search: exclude in the front matter keeps a page out of the index": excluded.entries == [],
    }
    broken = [what for what, holds in expected.items() if not holds]
    if broken:
        raise MaterialSearchChanged(
            "Material's search plugin changed ("
            + "; ".join(f"no longer: {b}" for b in broken)
            + "): review src/vlmguide/mkdocs/material_search.py before upgrading"
        )


def search_plugin_of(config: MkDocsConfig) -> Any | None:
    return config.plugins.get("material/search")


def dictionary_fingerprint(config: MkDocsConfig) -> str:
    """What jieba segments the index with besides its own dictionary: the configured dictionaries' bytes."""
    plugin = search_plugin_of(config)
    digest = hashlib.sha256()
    for name in ("jieba_dict", "jieba_dict_user"):
        path = getattr(getattr(plugin, "config", None), name, None) if plugin else None
        digest.update(f"{name}={path}\n".encode())
        if path and Path(path).is_file():
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def add_simplified_words(config: MkDocsConfig, simplify: Simplifier) -> None:
    """Give jieba the zh-Hans form of each word of the user dictionary (after the search plugin has
    loaded it, on_config), so the zh-Hans pages are segmented into the same words as the zh-TW ones.
    (Under serve, SearchEntryCache.settle_segmenter keeps jieba's total frequency from growing with
    each rebuild's additions.)"""
    plugin = search_plugin_of(config)
    path = getattr(getattr(plugin, "config", None), "jieba_dict_user", None) if plugin else None
    if not path or not Path(path).is_file():
        return
    import jieba

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word, *rest = line.split() or [""]
        simplified = simplify.text(word) if word else word
        if simplified == word:
            continue
        frequency = int(rest[0]) if rest and rest[0].isdigit() else None
        jieba.add_word(simplified, frequency, rest[1] if len(rest) > 1 else None)


class SearchEntryCache(BuildMemo):
    """A page's search entries, keyed by its URL, title, HTML, front matter and the search dictionaries.

    before() runs just ahead of Material's search plugin on on_page_context and after() just
    behind it: on a hit, before() marks the page excluded for this one indexing and after()
    puts the cached entries in its place; on a miss, after() keeps what the plugin added.
    """

    def __init__(self) -> None:
        super().__init__()
        self._index: Any | None = None
        self._pending: dict[str, tuple[tuple[Any, ...], int, Any]] = {}
        self._dictionary: str | None = None
        self._total: float | None = None  # jieba's total frequency once the first build set it up
        self._by_url: dict[str, list[Any]] = {}  # this build's entries of each page, in the index's order

    def dictionaries_changed(self, config: MkDocsConfig, extra: str = "") -> bool:
        """Whether the dictionaries (and extra) differ from those of the last build."""
        return dictionary_fingerprint(config) + extra != self._dictionary

    def refresh_segmenter(self, config: MkDocsConfig, extra: str = "") -> None:
        """Before the search plugin loads the dictionaries (on_config): if they (or extra, what else
        decides the words jieba is given) changed since the last build, start jieba afresh, so words
        taken out of them are forgotten."""
        fingerprint = dictionary_fingerprint(config) + extra
        if self._dictionary is not None and fingerprint != self._dictionary:
            import jieba

            jieba.dt.__init__(jieba.dt.dictionary)  # the default tokenizer, as a new process has it
            self._total = None
        self._dictionary = fingerprint

    def settle_segmenter(self) -> None:
        """After the dictionaries are loaded (on_files): keep jieba's total frequency where the first
        build left it. The search plugin loads the user dictionary again on every rebuild, and each
        word jieba already has adds its frequency to the total again: segmentation would drift from
        what a fresh build (a new process) makes."""
        import jieba

        if self._total is None:
            self._total = jieba.dt.total
        else:
            jieba.dt.total = self._total

    def start_index(self, config: MkDocsConfig) -> None:
        """This build's index; the dictionaries' fingerprint is the one refresh_segmenter read in on_config."""
        self.start_build((self._dictionary or dictionary_fingerprint(config),))
        plugin = search_plugin_of(config)
        self._index = getattr(plugin, "search_index", None)
        self._pending = {}
        self._by_url = {}

    def before(self, page: Page) -> None:
        if self._index is None:
            return
        key = (page.url, page.title, page.content, repr(page.meta), self.build_key)
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
        self._by_url[page.url] = cached

    def forget(self, url: str) -> None:
        """A page is gone: its entries leave the index at the next write_index."""
        self._by_url.pop(url, None)

    def index_json(self, urls: list[str]) -> str:
        """After pages were indexed again out of order (vlmguide.mkdocs.in_place): the search index the
        plugin would write, its entries in the order of urls (the build's pages, as it indexes them)."""
        if self._index is None:
            raise MaterialSearchChanged("the search plugin has no index to write")
        self._index.entries[:] = [entry for url in urls for entry in self._by_url.get(url, ())]
        return str(self._index.generate_search_index(None))
