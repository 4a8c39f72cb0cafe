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
(vlmguide.mkdocs.search_loading). Under `mkdocs serve`, on_serve puts vlmguide.mkdocs.in_place's
builder in MkDocs' place: a save to data/ alone is applied to the built site by update_in_place,
and other saves take a full build made aside (vlmguide.mkdocs.aside_builds), where the caches of
vlmguide.mkdocs.serve_cache and vlmguide.mkdocs.material_search reuse what the save did not change.
MkDocs loads the hook module once per `mkdocs serve`, so nothing is read before the events run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from vlmguide.catalogue.entry_cache import EntryCache
from vlmguide.catalogue.errors import CatalogueError, warnings_report
from vlmguide.catalogue.loader import DATA_DIR
from vlmguide.mkdocs.aside_builds import BuildAside
from vlmguide.mkdocs.html_page import HtmlPage, generated_file
from vlmguide.mkdocs.in_place import (
    InPlaceBuilder,
    PageChanges,
    install,
    page_changes,
    rebuild_pages,
    rebuild_sitemap,
    relink_pages,
    reshape_files,
    site_inputs,
    snapshot,
)
from vlmguide.mkdocs.language_alternates import LanguageAlternatesError, fix_language_alternates
from vlmguide.mkdocs.material_search import SearchEntryCache, add_simplified_words
from vlmguide.mkdocs.search_fix import SearchFixError, fix_search_worker
from vlmguide.mkdocs.search_index import write_edition_indexes
from vlmguide.mkdocs.search_loading import SearchLoadingError, fix_search_loading
from vlmguide.mkdocs.search_parts import SearchPartsError, fix_search_worker_parts
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
from vlmguide.pages.rendered import RenderedPage
from vlmguide.pages.urls import url_path

log = logging.getLogger("mkdocs.hooks.catalogue")
T = TypeVar("T")


class CatalogueHooks:
    """The hook's state and events. Tests read `site` (this build's GeneratedSite) and, under
    `mkdocs serve`, the caches' `hits`: `page_cache` (hand-written pages' HTML), `search_cache`."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.site: GeneratedSite | None = None  # the site of the current build
        self.last_good: GeneratedSite | None = None  # under `mkdocs serve`: the last catalogue that loaded
        self.page_cache = BuildMemo()  # under `mkdocs serve` only, as are the two below
        self.search_cache = SearchEntryCache()
        self.template_cache = TemplateBytecodeCache()
        self.output_cache = PageOutputCache()
        self.navigation: Navigation | None = None  # this build's (zh-TW) navigation
        # This build's configuration, files and the navigation written in mkdocs.yml: under serve,
        # a data-only save updates the built site in place with them (vlmguide.mkdocs.in_place).
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        self.extra_nav: list[object] = []
        self.in_place: InPlaceBuilder | None = None
        self.last_changes: PageChanges | None = None  # what the last update in place changed (tests read it)
        self.catalogue_stale = False  # under serve: an update stopped before the catalogue's files (a newer save)
        self.entries = EntryCache("papers")  # under serve: papers.yaml's entries as read last
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
        self.command, self.dirty = command, dirty

    @event_priority(100)  # before the search plugin loads jieba's dictionary (~1 s): a bad edit fails at once
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project_dir = Path(config.config_file_path).parent
        self.config, self.extra_nav = config, list(config.nav or [])
        try:
            entries = self.entries if self.serving else None
            site = generate_site(project_dir, extra_nav=self.extra_nav, icons=material_icon, entries=entries)
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
        titles = self._titles(site)
        twins = hand_written_twins(files, config, site.simplify) if simplified else []
        for twin in twins:
            if twin.src_uri in files.src_uris:
                raise PluginError(f"docs/{twin.src_uri} is the zh-Hans edition's; it is generated, remove it")
            files.append(twin)
            if not self.serving:  # under serve, CachedMarkdownPage below
                Page(titles.get(twin.src_uri), twin, config)
        for rendered in self._generated(site):
            if rendered.path in files.src_uris:
                raise PluginError(f"docs/{rendered.path} would be overwritten by a generated page; rename or remove it")
            files.append(generated_file(rendered, config, titles.get(rendered.path)))
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
        self.files = files
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
        try:
            self._write_catalogue_files(config)
        except SearchPartsError as exc:
            raise PluginError(str(exc)) from None
        if self.env is not None and SIMPLIFIED in self.editions:
            self._edition().write_404(self.env, config)
        try:
            fix_search_worker(Path(config.site_dir))
            fix_search_worker_parts(Path(config.site_dir))
            fix_language_alternates(Path(config.site_dir))
            fix_search_loading(Path(config.site_dir))
        except (SearchFixError, SearchPartsError, LanguageAlternatesError, SearchLoadingError) as exc:
            raise PluginError(str(exc)) from None
        for edition, cards in self.cards.items():
            self._write_cards(edition, cards, config)

    def _write_catalogue_files(
        self, config: MkDocsConfig, index: str | None = None, superseded: Callable[[], bool] = lambda: False
    ) -> None:
        """What is made from the whole catalogue: downloads, feeds and each edition's search index (from
        index, the search plugin's, or the file it wrote). Under serve, a newer save (superseded) stops
        it between editions: the update that serves that save writes them all, and until one does,
        catalogue_stale says that they are behind the pages."""
        site_url = config.site_url or "/"
        write_site_files(
            self._site().catalogue, Path(config.site_dir), site_url, config.site_author or config.site_name
        )
        done = write_edition_indexes(Path(config.site_dir), self._site(), self.editions, index, superseded)
        self.catalogue_stale = not done

    def _served_index(self) -> str:
        """The search plugin's index of the pages served now (under serve, from its cache)."""
        pages = [file.page for file in self._files().documentation_pages() if file.page is not None]
        return self.search_cache.index_json([page.url for page in pages])

    def _write_cards(self, edition: Edition, cards: dict[str, Card], config: MkDocsConfig) -> None:
        if not config.extra.get("social_cards", True):  # `extra: {social_cards: false}` builds none
            return
        shown = self._edition().shown_config(edition, config)
        try:
            self.card_cache.write(cards, Path(config.site_dir), shown.site_name)
        except CardFontError as exc:
            raise PluginError(str(exc)) from None

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        if self.serving and not self.dirty:  # `serve --clean` and `--dirty` keep MkDocs' own builds
            data = _data_dir(config)
            self.in_place = install(server, config, self.update_in_place, lambda: site_inputs(config, data))
        return server

    def on_shutdown(self) -> None:
        if self.in_place is not None and isinstance(self.in_place.full_build, BuildAside):
            self.in_place.full_build.remove()

    def update_in_place(self) -> bool:
        """A data-only save under serve: the pages it added, changed or removed and the files made from
        the catalogue, written into the built site; False (and nothing written) when only a full build
        will do: a navigation, the term table or the search dictionaries changed (vlmguide.mkdocs.in_place)."""
        config, old = self._config(), self._site()
        data = _data_dir(config)
        read = snapshot([data])
        site = self._next_site(config, old)
        if site is None:  # the save broke the catalogue: reported, and the site stays as it was
            if self.catalogue_stale:  # an update stopped for this save: its files catch up with its pages
                self._write_catalogue_files(config, self._served_index())
            return True
        if self._reshaped_beyond_pages(old, site, config):
            return False
        if site.catalogue.warnings:
            log.warning(warnings_report(site.catalogue.warnings))
        changes = page_changes(self._generated(old), self._generated(site))
        self.site = self.last_good = site
        cards = {edition: dict(cards) for edition, cards in self.cards.items()}
        if changes.reshaped:
            self._reshape(changes, config)
        self.last_changes = changes
        unsure = relink_pages(changes.relinked, config, self._files())
        rebuild_pages([*changes.changed, *unsure], config, self._files(), self._navigation(), self._env())
        if changes.reshaped:
            rebuild_sitemap(config, self._files(), self._navigation(), self._env())
        # Pages first, then (unless a newer save already waits: its update writes them) the catalogue's files.
        self._write_catalogue_files(config, self._served_index(), lambda: snapshot([data]) != read)
        for edition, edition_cards in self.cards.items():
            fresh = {path: card for path, card in edition_cards.items() if cards[edition].get(path) != card}
            self._write_cards(edition, fresh, config)
        return True

    def _generated(self, site: GeneratedSite) -> list[RenderedPage]:
        """The site's generated pages, in both editions (as on_files adds them)."""
        return [*site.pages, *(site.simplified_pages if SIMPLIFIED in self.editions else [])]

    def _reshaped_beyond_pages(self, old: GeneratedSite, site: GeneratedSite, config: MkDocsConfig) -> bool:
        """Whether site changed more than its pages: what every page shows (the navigations), or how
        its text is converted or indexed (the term table, the search dictionaries)."""
        return (
            site.nav != old.nav
            or (SIMPLIFIED in self.editions and site.simplified_nav != old.simplified_nav)
            or site.simplify.fingerprint != old.simplify.fingerprint
            or self.search_cache.dictionaries_changed(config, site.simplify.fingerprint)
        )

    def _next_site(self, config: MkDocsConfig, old: GeneratedSite) -> GeneratedSite | None:
        """The site of the saved data, reusing old's work; None, with the problems logged, if it has any."""
        try:
            return generate_site(
                Path(config.config_file_path).parent,
                extra_nav=self.extra_nav,
                icons=material_icon,
                previous=old,
                entries=self.entries,
            )
        except CatalogueError as exc:
            self._last_good_or_fail(exc.report())
        except Exception as exc:
            self._last_good_or_fail(f"the generated pages could not be rendered: {type(exc).__name__}: {exc}")
        return None

    def _reshape(self, changes: PageChanges, config: MkDocsConfig) -> None:
        """Pages were added or removed: the build's file list follows, and what removed pages left goes."""
        site = self._site()
        titles = self._titles(site)
        files, removed = reshape_files(self._files(), changes, config, titles)
        self.files = self._edition().files = files
        for file in removed:
            assert file.page is not None
            self.search_cache.forget(file.page.url)
            edition = edition_of(file.page.url)
            if self.cards.get(edition, {}).pop(card_path(file.page.url), None) is not None:
                (Path(config.site_dir) / card_path(file.page.url)).unlink(missing_ok=True)

    def _last_good_or_fail(self, report: str) -> GeneratedSite:
        """Under `mkdocs serve`, the last site that rendered, with the report logged; else a PluginError.

        MkDocs' server stalls every request after a failed rebuild; rebuilding from the last
        good catalogue keeps the site readable while the editor fixes it.
        """
        if not self.serving or self.last_good is None:
            raise PluginError(report)
        log.error("%s\nStill serving the last good version of data/; fix the problems above and save.", report)
        return self.last_good

    def _titles(self, site: GeneratedSite) -> dict[str, str]:
        """{docs path: its title in the navigation}, both editions."""
        simplified = nav_titles(site.simplified_nav) if SIMPLIFIED in self.editions else {}
        return nav_titles(site.nav) | simplified

    def _config(self) -> MkDocsConfig:
        return _ran(self.config, "on_config")

    def _files(self) -> Files:
        return _ran(self.files, "on_files")

    def _navigation(self) -> Navigation:
        return _ran(self.navigation, "on_nav")

    def _env(self) -> Environment:
        return _ran(self.env, "on_env")

    def _edition(self) -> SimplifiedEdition:
        return _ran(self.edition, "on_files")

    def _site(self) -> GeneratedSite:
        return _ran(self.site, "on_config")


def _data_dir(config: MkDocsConfig) -> Path:
    """The project's data/ (beside mkdocs.yml), which a save under serve edits."""
    return Path(config.config_file_path).parent / DATA_DIR


def _ran(value: T | None, event: str) -> T:
    """What the hook's event set in this build; a PluginError if the event did not run."""
    if value is None:
        raise PluginError(f"the catalogue hook's {event} did not run")
    return value
