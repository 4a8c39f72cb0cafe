"""The MkDocs side of the site: the hook's events, with their state on one object.

hooks/catalogue.py makes one CatalogueHooks and hands MkDocs its methods. on_config loads and
validates the catalogue (before MkDocs cleans site/, so a bad edit leaves the last good site in
place; a strict build refuses placeholders there too); on_files adds the generated pages as
HtmlPage objects, with their zh-Hans twins and the hand-written pages' (vlmguide.mkdocs.simplified_edition),
and on_nav the zh-Hans navigation; on_page_context lets the search plugin index only their searchable part
and gives each page its edition's context;
on_post_build writes the downloads, feeds and social cards, rewrites the search index as UTF-8 and fixes Material's
Chinese query segmentation, keeps Material from fetching a sitemap for every feed link
(vlmguide.mkdocs.language_alternates) and makes it load the search index only once search is used
(vlmguide.mkdocs.search_loading). Under `mkdocs serve` the caches of vlmguide.mkdocs.serve_cache and
vlmguide.mkdocs.material_search reuse what a save did not change. MkDocs loads the hook module
once per `mkdocs serve`, so nothing is read before the events run.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from vlmguide.catalogue.errors import CatalogueError, warnings_report
from vlmguide.mkdocs.html_page import HtmlPage
from vlmguide.mkdocs.language_alternates import LanguageAlternatesError, fix_language_alternates
from vlmguide.mkdocs.material_search import SearchEntryCache, add_simplified_words
from vlmguide.mkdocs.search_fix import SearchFixError, fix_search_worker
from vlmguide.mkdocs.search_index import write_edition_indexes
from vlmguide.mkdocs.search_loading import SearchLoadingError, fix_search_loading
from vlmguide.mkdocs.serve_cache import (
    BuildMemo,
    CachedMarkdownPage,
    PageOutputCache,
    TemplateBytecodeCache,
    markdown_build_key,
    theme_key,
)
from vlmguide.mkdocs.simplified_edition import (
    SimplifiedEdition,
    edition_config,
    edition_navigation,
    hand_written_twins,
)
from vlmguide.mkdocs.theme_icons import material_icon
from vlmguide.pages.cards import HEIGHT, WIDTH, Card, CardCache, CardFontError, card_path
from vlmguide.pages.editions import EDITIONS, SIMPLIFIED, TRADITIONAL, Edition, edition_of
from vlmguide.pages.feeds import FEEDS
from vlmguide.pages.generated_site import GeneratedSite, generate_site, write_site_files
from vlmguide.pages.navigation import nav_titles
from vlmguide.pages.urls import url_path

log = logging.getLogger("mkdocs.hooks.catalogue")


class CatalogueHooks:
    """The hook's state and events. Tests read `site` (this build's GeneratedSite) and, under
    `mkdocs serve`, the caches' `hits`: `page_cache` (hand-written pages' HTML), `search_cache`."""

    def __init__(self) -> None:
        self.command = "build"
        self.site: GeneratedSite | None = None  # the site of the current build
        self.last_good: GeneratedSite | None = None  # under `mkdocs serve`: the last catalogue that loaded
        self.page_cache = BuildMemo()  # under `mkdocs serve` only, as are the two below
        self.search_cache = SearchEntryCache()
        self.template_cache = TemplateBytecodeCache()
        self.output_cache = PageOutputCache()
        self.navigation: Navigation | None = None  # this build's (zh-TW) navigation
        self.card_cache = CardCache()  # drawn social cards, shared by every build (keyed by what they show)
        self.cards: dict[Edition, dict[str, Card]] = {}  # this build's, by edition: {path under site/: card}
        self.edition: SimplifiedEdition | None = None  # this build's zh-Hans side (vlmguide.mkdocs.simplified_edition)
        self.editions: tuple[Edition, ...] = EDITIONS  # `extra: {zh_hans: false}` builds the zh-TW edition alone
        self.env: Environment | None = None
        # Generated pages are indexed without their lists of links and BibTeX (RenderedPage.search_html).
        self.on_page_context = CombinedEvent(self._index_searchable_part, self._show_whole_page, self._reuse_output)

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    @event_priority(100)  # before the search plugin loads jieba's dictionary (~1 s): a bad edit fails at once
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project_dir = Path(config.config_file_path).parent
        try:
            site = generate_site(project_dir, extra_nav=list(config.nav or []), icons=material_icon)
        except CatalogueError as exc:
            site = self._last_good_or_fail(exc.report())
        except Exception as exc:  # a fault in rendering: under serve, too, the last good site stays
            site = self._last_good_or_fail(f"the generated pages could not be rendered: {type(exc).__name__}: {exc}")
        else:
            self.last_good = site
        self.site = site
        self.editions = EDITIONS if config.extra.get("zh_hans", True) else (TRADITIONAL,)
        self.cards = {edition: {} for edition in self.editions}
        if self.serving:  # the term table decides the zh-Hans words jieba is given (add_simplified_words)
            self.search_cache.refresh_segmenter(config, extra=site.simplify.fingerprint)
        if site.catalogue.warnings:
            report = warnings_report(site.catalogue.warnings)
            if config.strict and not self.serving:
                # Refused here, before MkDocs touches site/: a strict build never publishes a placeholder.
                raise PluginError(report + "\nA strict build does not publish placeholders; write the texts above.")
            log.warning(report)  # `mkdocs serve` and a plain build show them, and say so
        config.nav = site.nav
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self._site()
        simplified = SIMPLIFIED in self.editions
        titles = nav_titles(site.nav) | (nav_titles(site.simplified_nav) if simplified else {})
        twins = hand_written_twins(files, config, site.simplify) if simplified else []
        for twin in twins:
            if twin.src_uri in files.src_uris:
                raise PluginError(f"docs/{twin.src_uri} is the zh-Hans edition's; it is generated, remove it")
            files.append(twin)
            if not self.serving:  # under serve, CachedMarkdownPage below
                Page(titles.get(twin.src_uri), twin, config)
        for rendered in [*site.pages, *(site.simplified_pages if simplified else [])]:
            if rendered.path in files.src_uris:
                raise PluginError(f"docs/{rendered.path} would be overwritten by a generated page; rename or remove it")
            generated = File.generated(config, rendered.path, content=rendered.markdown)
            # Generated pages are edited in the YAML (path relative to docs/, like edit_uri);
            # the #L anchor lets "view source" open the paper's own entry.
            generated.edit_uri = f"../{rendered.source_uri}"
            files.append(generated)
            HtmlPage(titles.get(rendered.path), generated, config, rendered)  # sets generated.page
        if self.serving:
            self.page_cache.start_build(markdown_build_key(files, config))
            for file in files.documentation_pages():
                if file.page is None:  # hand-written: reuse its HTML while its Markdown stays the same
                    CachedMarkdownPage(titles.get(file.src_uri), file, config, self.page_cache)
            self.search_cache.start_index(config)
        if simplified:
            add_simplified_words(config, site.simplify)
        if self.serving:
            self.search_cache.settle_segmenter()
        self.edition = SimplifiedEdition(site.simplify, edition_config(config, site.simplify), files)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if SIMPLIFIED in self.editions:
            self._edition().navigation = edition_navigation(files, config, self._site().simplified_nav)
        self.navigation = nav
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["shared_nav"] = {}  # overrides/partials/nav.html: the navigation of pages not in it, per directory
        env.globals["shared_tabs"] = {}  # overrides/partials/tabs.html: their tabs, the same way
        env.globals["feeds"] = FEEDS  # overrides/main.html links every page to them
        env.globals["social_card"] = {"width": WIDTH, "height": HEIGHT, "default": card_path("")}
        env.globals["editions"] = self.editions  # overrides/partials/alternate.html and main.html
        env.globals["default_edition"] = TRADITIONAL  # pages without an `edition` (the zh-TW 404)
        simplify = self._site().simplify
        env.filters["in_edition"] = lambda text, edition: simplify.text(text) if edition is SIMPLIFIED else text
        if self.serving:
            env.bytecode_cache = self.template_cache
            navigations = [nav for nav in (self.navigation, self._edition().navigation) if nav is not None]
            self.output_cache.start_build(theme_key(config, navigations, simplify.fingerprint))
        self.env = env
        return env

    @event_priority(100)  # before the search plugin (priority 0) indexes the page
    def _index_searchable_part(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        if isinstance(page, HtmlPage):
            page.content = page.rendered.search_html
        if self.serving:
            self.search_cache.before(page)
        return self._edition().context(context, edition_of(page.url))

    @event_priority(-100)  # after it: the reader gets the whole page
    def _show_whole_page(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        if self.serving:
            self.search_cache.after(page)
        if isinstance(page, HtmlPage):
            page.content = page.rendered.html
        page.meta["card"] = self._card_of(page, config)  # overrides/main.html: og:image
        return context

    @event_priority(-200)  # last: the page is as the theme will see it
    def _reuse_output(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        return self.output_cache.context(context, page) if self.serving else context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.serving:
            self.output_cache.rendered(output, page)
        return output

    def _card_of(self, page: Page, config: MkDocsConfig) -> str:
        """The path of the page's social card (vlmguide.pages.cards), registered to be written."""
        if isinstance(page, HtmlPage) and page.rendered.card_from:
            return card_path(url_path(page.rendered.card_from))  # another page's: that page registers it
        edition = edition_of(page.url)
        if isinstance(page, HtmlPage):
            card = page.rendered.social_card
        else:
            shown = self._edition().shown_config(edition, config)
            card = Card(page.title or shown.site_name, page.meta.get("description") or shown.site_description or "")
        path = card_path(page.url)
        self.cards[edition][path] = card
        return path

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        site_url = config.site_url or "/"
        write_site_files(
            self._site().catalogue, Path(config.site_dir), site_url, config.site_author or config.site_name
        )
        write_edition_indexes(Path(config.site_dir), self._site(), self.editions)
        if self.env is not None and SIMPLIFIED in self.editions:
            self._edition().write_404(self.env, config)
        try:
            fix_search_worker(Path(config.site_dir))
            fix_language_alternates(Path(config.site_dir))
            fix_search_loading(Path(config.site_dir))
            if config.extra.get("social_cards", True):  # `extra: {social_cards: false}` builds none
                for edition, cards in self.cards.items():
                    shown = self._edition().shown_config(edition, config)
                    self.card_cache.write(cards, Path(config.site_dir), shown.site_name)
        except (SearchFixError, LanguageAlternatesError, SearchLoadingError, CardFontError) as exc:
            raise PluginError(str(exc)) from None

    def _last_good_or_fail(self, report: str) -> GeneratedSite:
        """Under `mkdocs serve`, the last site that rendered, with the report logged; else a PluginError.

        MkDocs' server stalls every request after a failed rebuild; rebuilding from the last
        good catalogue keeps the site readable while the editor fixes it.
        """
        if not self.serving or self.last_good is None:
            raise PluginError(report)
        log.error("%s\nStill serving the last good version of data/; fix the problems above and save.", report)
        return self.last_good

    def _edition(self) -> SimplifiedEdition:
        if self.edition is None:
            raise PluginError("the catalogue hook's on_files did not run")
        return self.edition

    def _site(self) -> GeneratedSite:
        if self.site is None:
            raise PluginError("the catalogue hook's on_config did not run")
        return self.site
