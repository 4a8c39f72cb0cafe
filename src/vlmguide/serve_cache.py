"""Under `mkdocs serve`: reuse, from the previous build, the work a save did not change.

MkDocs rebuilds every page on every save, with a fresh Markdown converter per page, a fresh
search index and a fresh Jinja environment that compiles the theme again. An edit to one
paper changes only a handful of pages, so the serve loop keeps three caches, each keyed by
everything its output depends on, so a hit is exactly what the work would have produced:

- PageHtmlCache: a hand-written page's HTML, table of contents and anchors, keyed by the
  page, its Markdown, the site's file list and the Markdown configuration (generated
  pages come as HTML already: vlmguide.html_pages).
- SearchEntryCache: the search entries Material's plugin makes of a page, keyed by the
  page's URL, title, HTML and front matter.
- TemplateBytecodeCache: compiled theme templates; Jinja itself checks each template's
  source checksum before using them.

The first two keep only the previous build's entries, so memory does not grow with edits.

`mkdocs build` never installs them, so a real build never depends on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents


@dataclass(frozen=True)
class _Rendered:
    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by target src_uri: File objects are per build


class _BuildMemo:
    """Values made in the previous build, and those made (or reused) in this one."""

    def __init__(self) -> None:
        self._previous: dict[tuple[Any, ...], Any] = {}
        self._current: dict[tuple[Any, ...], Any] = {}
        self.hits = 0

    def start_build(self) -> None:
        self._previous, self._current = self._current, {}
        self.hits = 0

    def get(self, key: tuple[Any, ...]) -> Any | None:
        value = self._previous.get(key)
        self.hits += value is not None
        return value

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        self._current[key] = value


class PageHtmlCache(_BuildMemo):
    def __init__(self) -> None:
        super().__init__()
        self._build_key: tuple[Any, ...] = ()

    def start_build(self, files: Files, config: MkDocsConfig) -> None:  # type: ignore[override]
        """Called once per build, when its file list is final."""
        super().start_build()
        self._build_key = (
            tuple(sorted(f.src_uri for f in files)),
            repr(config.markdown_extensions), repr(config.mdx_configs), config.use_directory_urls,
        )

    def install(self, page: Page) -> None:
        """Make page.render look in the cache first (called from on_pre_page)."""
        convert = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            key = (page.file.src_uri, page.markdown, self._build_key)
            hit = self.get(key)
            if hit is None:
                convert(config, files)
                hit = _Rendered(
                    page.content or "", page.toc, page._title_from_render, frozenset(page.present_anchor_ids or ()),
                    None if page.links_to_anchors is None
                    else {f.src_uri: links for f, links in page.links_to_anchors.items()},
                )
            else:
                page.content, page.toc, page._title_from_render = hit.content, hit.toc, hit.title
                page.present_anchor_ids = set(hit.anchors)
                if hit.links_to_anchors is not None:
                    page.links_to_anchors = {
                        target: links for uri, links in hit.links_to_anchors.items()
                        if (target := files.get_file_from_path(uri)) is not None
                    }
            self.put(key, hit)

        page.render = render  # type: ignore[method-assign]


class SearchEntryCache(_BuildMemo):
    def install(self, search_index: Any) -> None:
        """Wrap the add_entry_from_context of this build's Material SearchIndex."""
        self.start_build()
        index_page = search_index.add_entry_from_context

        def add_entry_from_context(page: Page) -> None:
            key = (page.url, page.title, page.content, repr(page.meta))
            entries = self.get(key)
            if entries is None:
                start = len(search_index.entries)
                index_page(page)
                entries = search_index.entries[start:]
            else:
                search_index.entries.extend(dict(entry) for entry in entries)
            self.put(key, entries)

        search_index.add_entry_from_context = add_entry_from_context


class TemplateBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across the serve loop's fresh Jinja environments."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
