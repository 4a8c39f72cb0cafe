"""Everything the site generates from the catalogue, in one call: the pages, the navigation, the downloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from vlmguide.catalogue.entry_cache import EntryCache
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.catalogue.model import Catalogue
from vlmguide.files import write_atomically
from vlmguide.pages.builders import PageMemo, render_site_pages
from vlmguide.pages.editions import simplified_nav, simplified_page
from vlmguide.pages.exports import downloads
from vlmguide.pages.feeds import feeds
from vlmguide.pages.navigation import nav
from vlmguide.pages.rendered import RenderedPage
from vlmguide.pages.simplified import Simplifier, simplifier
from vlmguide.pages.templating import Icons, no_icons
from vlmguide.pages.urls import url_path


@dataclass(frozen=True)
class GeneratedSite:
    catalogue: Catalogue
    pages_by_kind: dict[str, list[RenderedPage]]  # vlmguide.pages.builders.PAGE_KINDS order
    nav: list[object]
    simplify: Simplifier  # zh-TW to the zh-Hans edition's text (vlmguide.pages.simplified)
    # {path: (zh-TW page, its zh-Hans twin)} from an earlier site converted with the same term table
    # (under serve, vlmguide.mkdocs.in_place): an unchanged page (or one only at another line) is
    # not converted again.
    known_twins: dict[str, tuple[RenderedPage, RenderedPage]] = field(default_factory=dict, compare=False, repr=False)
    memo: PageMemo = field(default_factory=PageMemo, compare=False, repr=False)  # for a later site to reuse pages

    @cached_property
    def pages(self) -> list[RenderedPage]:
        """The zh-TW edition's generated pages."""
        return [page for pages in self.pages_by_kind.values() for page in pages]

    @cached_property
    def simplified_pages(self) -> list[RenderedPage]:
        """Their zh-Hans twins, under zh-Hans/ (vlmguide.pages.editions)."""
        return [self._twin(page) for page in self.pages]

    def _twin(self, page: RenderedPage) -> RenderedPage:
        known = self.known_twins.get(page.path)
        if known is not None and known[0].at_line(page.line) == page:
            return known[1].at_line(page.line)
        return simplified_page(page, self.simplify)

    def twins(self) -> dict[str, tuple[RenderedPage, RenderedPage]]:
        """{path: (zh-TW page, zh-Hans twin)} for a later site's known_twins, if this site converted them."""
        if "simplified_pages" not in self.__dict__:  # a zh-TW-only build never did
            return {}
        return {page.path: (page, twin) for page, twin in zip(self.pages, self.simplified_pages, strict=True)}

    @cached_property
    def simplified_nav(self) -> list[object]:
        """The zh-Hans edition's navigation (its hand-written pages converted by the hook)."""
        converted = simplified_nav(self.nav, self.simplify)
        assert isinstance(converted, list)
        return converted

    @cached_property
    def pages_by_path(self) -> dict[str, RenderedPage]:
        return {page.path: page for page in self.pages}

    def page_types(self) -> dict[str, str]:
        """{kind: the address of its largest page}, for each kind of page this catalogue has: the page
        that stands for its kind (the most a browser has to lay out), which the browser tests and
        scripts/lighthouse.py visit."""
        return {
            kind: url_path(max(pages, key=lambda page: len(page.html)).path)
            for kind, pages in self.pages_by_kind.items()
            if pages
        }


def generate_site(
    project_dir: Path,
    extra_nav: list[object] | None = None,
    icons: Icons = no_icons,
    previous: GeneratedSite | None = None,
    entries: EntryCache | None = None,
) -> GeneratedSite:
    """Load project_dir/data and render every generated page. Raises CatalogueError.

    Under serve: previous, an earlier site of the same project, whose pages this one reuses where
    their inputs are the same; entries, papers.yaml's entries as read last (read again only if changed).
    """
    catalogue = load_catalogue(project_dir / "data", project_dir, entries)
    simplify = simplifier(catalogue.script_terms.terms)
    same_terms = previous is not None and previous.simplify.fingerprint == simplify.fingerprint
    pages_by_kind, memo = render_site_pages(catalogue, icons, previous.memo if previous is not None else None)
    return GeneratedSite(
        catalogue,
        pages_by_kind,
        nav(catalogue, extra_nav),
        simplify,
        known_twins=previous.twins() if previous is not None and same_terms else {},
        memo=memo,
    )


def write_site_files(catalogue: Catalogue, site_dir: Path, site_url: str, author: str) -> None:
    """What the site serves besides its pages: downloads/ (the catalogue as JSON, CSV, BibTeX and the
    note's Markdown) and feeds/ (vlmguide.pages.feeds)."""
    for name, content in downloads(catalogue).items():
        write_atomically(site_dir / "downloads" / name, content)  # under serve, readers never see half a file
    for name, content in feeds(catalogue, site_url, author).items():
        write_atomically(site_dir / name, content)
