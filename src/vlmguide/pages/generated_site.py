"""Everything the site generates from the catalogue, in one call: the pages, the navigation, the downloads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from vlmguide.catalogue.loader import load_catalogue
from vlmguide.catalogue.model import Catalogue
from vlmguide.pages.builders import render_pages_by_kind
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

    @cached_property
    def pages(self) -> list[RenderedPage]:
        """The zh-TW edition's generated pages."""
        return [page for pages in self.pages_by_kind.values() for page in pages]

    @cached_property
    def simplified_pages(self) -> list[RenderedPage]:
        """Their zh-Hans twins, under zh-Hans/ (vlmguide.pages.editions)."""
        return [simplified_page(page, self.simplify) for page in self.pages]

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


def generate_site(project_dir: Path, extra_nav: list[object] | None = None, icons: Icons = no_icons) -> GeneratedSite:
    """Load project_dir/data and render every generated page. Raises CatalogueError."""
    catalogue = load_catalogue(project_dir / "data", display_root=project_dir)
    return GeneratedSite(
        catalogue,
        render_pages_by_kind(catalogue, icons),
        nav(catalogue, extra_nav),
        simplifier(catalogue.script_terms.terms),
    )


def write_site_files(catalogue: Catalogue, site_dir: Path, site_url: str, author: str) -> None:
    """What the site serves besides its pages: downloads/ (the catalogue as JSON, CSV, BibTeX and the
    note's Markdown) and feeds/ (vlmguide.pages.feeds)."""
    folder = site_dir / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in downloads(catalogue).items():
        (folder / name).write_text(content, encoding="utf-8")
    for name, content in feeds(catalogue, site_url, author).items():
        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / name).write_text(content, encoding="utf-8")
