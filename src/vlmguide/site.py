"""What the MkDocs hook needs from the package, in one call: catalogue, pages, navigation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .exports import downloads
from .loader import load_catalogue
from .model import Catalogue
from .render import Page, nav, render_pages


@dataclass(frozen=True)
class Site:
    catalogue: Catalogue
    pages: list[Page]
    nav: list[object]

    @cached_property
    def pages_by_path(self) -> dict[str, Page]:
        return {page.path: page for page in self.pages}


def build_site(project_dir: Path, extra_nav: list[dict[str, str]] | None = None) -> Site:
    """Load project_dir/data and render every generated page. Raises CatalogueError."""
    catalogue = load_catalogue(project_dir / "data", display_root=project_dir)
    return Site(catalogue, render_pages(catalogue), nav(catalogue, extra_nav))


def write_downloads(catalogue: Catalogue, site_dir: Path) -> None:
    """site_dir/downloads/: the catalogue as JSON, CSV, BibTeX and the note's Markdown."""
    folder = site_dir / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in downloads(catalogue).items():
        (folder / name).write_text(content, encoding="utf-8")
