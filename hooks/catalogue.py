"""MkDocs adapter: turns data/*.yaml into pages. All logic lives in the vlmguide package.

on_config loads and validates the catalogue (before MkDocs cleans site/, so a bad
edit leaves the last good site in place; a strict build refuses placeholders there too); on_files adds the generated pages (front
matter only); on_pre_page gives MkDocs their HTML (vlmguide.html_pages); on_page_context
lets the search plugin index only their searchable part; on_post_build writes the
downloads, rewrites the search index as UTF-8 (vlmguide.search_index) and fixes
Material's Chinese query segmentation (vlmguide.search_fix).
Under `mkdocs serve`, the caches of vlmguide.serve_cache reuse what a save did not change.
Hook modules are loaded once per `mkdocs serve`, so nothing is read at import time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from vlmguide.errors import CatalogueError, warnings_report
from vlmguide.html_pages import use_html
from vlmguide.render import Page as GeneratedPage
from vlmguide.search_fix import SearchFixError, fix_search_worker
from vlmguide.search_index import write_as_utf8
from vlmguide.serve_cache import PageHtmlCache, SearchEntryCache, TemplateBytecodeCache
from vlmguide.site import Site, build_site, write_downloads

log = logging.getLogger("mkdocs.hooks.catalogue")

_command = "build"
_site: Site | None = None  # the site of the current build
_last_good: Site | None = None  # under `mkdocs serve`: the last catalogue that loaded
_page_cache = PageHtmlCache()  # under `mkdocs serve` only
_search_cache = SearchEntryCache()
_template_cache = TemplateBytecodeCache()


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # before the search plugin loads jieba's dictionary (~1 s): a bad edit fails at once
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _last_good
    project_dir = Path(config.config_file_path).parent
    try:
        _site = build_site(project_dir, extra_nav=list(config.nav or []))
    except CatalogueError as exc:
        if _command != "serve" or _last_good is None:
            raise PluginError(exc.report()) from None
        # MkDocs' server stalls every request after a failed rebuild; rebuilding
        # from the last good catalogue keeps the site readable while the editor fixes it.
        log.error("%s\nStill serving the last good version of data/; fix the problems above and save.",
                  exc.report())
        _site = _last_good
    else:
        _last_good = _site
    if _site.catalogue.warnings:
        report = warnings_report(_site.catalogue.warnings)
        if config.strict and _command != "serve":
            # Refused here, before MkDocs touches site/: a strict build never publishes a placeholder.
            raise PluginError(report + "\nA strict build does not publish placeholders; write the texts above.")
        log.warning(report)  # `mkdocs serve` and a plain build show them, and say so
    config.nav = _site.nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None, "on_config did not run"
    for page in _site.pages:
        if page.path in files.src_uris:
            raise PluginError(f"docs/{page.path} would be overwritten by a generated page; rename or remove it")
        generated = File.generated(config, page.path, content=page.markdown)
        # Generated pages are edited in the YAML (path relative to docs/, like edit_uri);
        # the #L anchor lets "view source" open the paper's own entry.
        generated.edit_uri = f"../{page.source_uri}"
        files.append(generated)
    if _command == "serve":
        _page_cache.start_build(files, config)
        search = config.plugins.get("material/search")
        if search is not None and hasattr(search, "search_index"):
            _search_cache.install(search.search_index)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["shared_nav"] = {}  # overrides/partials/nav.html: the navigation of pages not in it, per directory
    if _command == "serve":
        env.bytecode_cache = _template_cache
    return env


def _generated(page: Page) -> GeneratedPage | None:
    """The generated page MkDocs is building as page, or None for a hand-written page."""
    assert _site is not None, "on_config did not run"
    return _site.pages_by_path.get(page.file.src_uri)


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    generated = _generated(page)
    if generated is not None:
        use_html(page, generated.html)  # no Markdown to convert: the body is ready
    elif _command == "serve":
        _page_cache.install(page)  # hand-written pages: reuse the HTML if the Markdown did not change
    return page


@event_priority(100)  # before the search plugin (priority 0) indexes the page
def _index_searchable_part(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    if (generated := _generated(page)) is not None:
        page.content = generated.search_html
    return context


@event_priority(-100)  # after it: the reader gets the whole page
def _show_whole_page(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    if (generated := _generated(page)) is not None:
        page.content = generated.html
    return context


# Generated pages are indexed without their lists of links and BibTeX (vlmguide.render.Page.search_html).
on_page_context = CombinedEvent(_index_searchable_part, _show_whole_page)


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    assert _site is not None, "on_config did not run"
    write_downloads(_site.catalogue, Path(config.site_dir))
    write_as_utf8(Path(config.site_dir))
    try:
        fix_search_worker(Path(config.site_dir))
    except SearchFixError as exc:
        raise PluginError(str(exc)) from None
