"""Under `mkdocs serve`: reuse, from the previous build, the work a save did not change.

MkDocs rebuilds every page on every save, with a fresh Markdown converter per page, a fresh
search index and a fresh Jinja environment that compiles the theme again. An edit to one
paper changes only a handful of pages, so the serve loop keeps three caches, each keyed by
everything its output depends on, so a hit is exactly what the work would have produced:

- CachedMarkdownPage: a hand-written page whose render() reuses its HTML, table of contents and
  anchors, keyed by the page, its Markdown, the site's file list and the Markdown configuration
  (generated pages come as HTML already: vlmguide.mkdocs.html_page).
- vlmguide.mkdocs.material_search.SearchEntryCache: the search entries of each page.
- TemplateBytecodeCache: compiled theme templates; Jinja itself checks each template's
  source checksum before using them.
- PageOutputCache: each page's final HTML, as the theme rendered it.

The memos keep only the previous build's entries, so memory does not grow with edits.
`mkdocs build` never uses them, so a real build never depends on them.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents


class BuildMemo:
    """Values made in the previous build, and those made (or reused) in this one.

    `hits` counts the values reused in the current build (tests read it).
    """

    def __init__(self) -> None:
        self._previous: dict[tuple[Any, ...], Any] = {}
        self._current: dict[tuple[Any, ...], Any] = {}
        self.hits = 0
        self.build_key: tuple[Any, ...] = ()

    def start_build(self, build_key: tuple[Any, ...] = ()) -> None:
        self._previous, self._current = self._current, {}
        self.hits = 0
        self.build_key = build_key

    def get(self, key: tuple[Any, ...]) -> Any | None:
        value = self._previous.get(key)
        self.hits += value is not None
        return value

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        self._current[key] = value


def markdown_build_key(files: Files, config: MkDocsConfig) -> tuple[Any, ...]:
    """What every hand-written page's HTML depends on besides its own Markdown."""
    return (
        tuple(sorted(f.src_uri for f in files)),
        repr(config.markdown_extensions),
        repr(config.mdx_configs),
        config.use_directory_urls,
    )


@dataclass(frozen=True)
class _Rendered:
    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by target src_uri: File objects are per build


class CachedMarkdownPage(Page):
    """A hand-written page under `mkdocs serve`: converted once, then reused while its Markdown,
    the file list and the Markdown configuration stay the same."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, memo: BuildMemo) -> None:
        super().__init__(title, file, config)
        self.memo = memo

    def render(self, config: MkDocsConfig, files: Files) -> None:
        key = (self.file.src_uri, self.markdown, self.memo.build_key)
        hit = self.memo.get(key)
        if hit is None:
            super().render(config, files)
            hit = _Rendered(
                self.content or "",
                self.toc,
                self.title,
                frozenset(self.present_anchor_ids or ()),
                None
                if self.links_to_anchors is None
                else {f.src_uri: links for f, links in self.links_to_anchors.items()},
            )
        else:
            self.content, self.toc, self.title = hit.content, hit.toc, hit.title
            self.present_anchor_ids = set(hit.anchors)
            if hit.links_to_anchors is not None:
                self.links_to_anchors = {
                    target: links
                    for uri, links in hit.links_to_anchors.items()
                    if (target := files.get_file_from_path(uri)) is not None
                }
        self.memo.put(key, hit)


class TemplateBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across the serve loop's fresh Jinja environments."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _toc_key(items: Any) -> tuple[Any, ...]:
    return tuple((item.title, item.url, item.level, _toc_key(item.children)) for item in items or ())


def _nav_key(items: Any) -> tuple[Any, ...]:
    return tuple(
        (type(item).__name__, item.title, getattr(item, "url", None), _nav_key(getattr(item, "children", None)))
        for item in items or ()
    )


def theme_key(config: MkDocsConfig, navigations: list[Any], extra: str) -> tuple[Any, ...]:
    """What every page's output depends on besides the page: the configuration file, our templates
    (custom_dir), each edition's navigation and the file list, and extra (the term table)."""
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    templates = sorted((str(p), p.read_bytes()) for p in custom.rglob("*") if p.is_file()) if custom else []
    return (
        Path(config.config_file_path).read_bytes(),
        hashlib.sha256(repr(templates).encode()).hexdigest(),
        tuple(_nav_key(navigation.items) for navigation in navigations),
        extra,
    )


class PageOutputCache(BuildMemo):
    """Each page's final HTML, keyed by everything the theme's templates read of it: its address,
    title, content, table of contents, front matter, neighbours, parents and edit link, and the
    build's theme_key. On a hit the theme renders the stored HTML as it is (overrides/main.html
    extends LAYOUT instead of base.html), which saves most of a page's cost under serve."""

    LAYOUT = "vlm-cached.html"  # overrides/vlm-cached.html: the stored output, unchanged

    def __init__(self) -> None:
        super().__init__()
        self._keys: dict[str, tuple[Any, ...]] = {}

    def page_key(self, page: Page) -> tuple[Any, ...]:
        def neighbour(other: Page | None) -> tuple[str | None, str | None]:
            return (other.url, other.title) if other is not None else (None, None)

        return (
            page.url,
            page.title,
            page.content,
            _toc_key(page.toc),
            repr(page.meta),
            neighbour(page.previous_page),
            neighbour(page.next_page),
            tuple(ancestor.title for ancestor in page.ancestors),
            page.edit_url,
            page.canonical_url,
            self.build_key,
        )

    def context(self, context: dict[str, Any], page: Page) -> dict[str, Any]:
        """On a hit, the context that makes the theme render the stored output."""
        key = self.page_key(page)
        stored = self.get(key)
        if stored is not None:
            context["vlm_layout"] = self.LAYOUT
            context["vlm_output"] = zlib.decompress(stored).decode("utf-8")
            self.put(key, stored)
        else:
            self._keys[page.url] = key
        return context

    def rendered(self, output: str, page: Page) -> None:
        """After the theme rendered a page that missed: keep its output (compressed: thousands of pages)."""
        key = self._keys.pop(page.url, None)
        if key is not None:
            self.put(key, zlib.compress(output.encode("utf-8"), 1))
