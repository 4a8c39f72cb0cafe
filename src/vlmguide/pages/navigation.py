"""The site navigation, as MkDocs' nav setting takes it."""

from __future__ import annotations

from vlmguide.catalogue.model import Catalogue
from vlmguide.pages.builders import PAGE_KINDS


def nav(catalogue: Catalogue, extra: list[object] | None = None) -> list[object]:
    """The site navigation: what each kind of generated page puts in it (PageKind.nav, by nav_rank),
    then the hand-written pages (extra).

    Paper pages stay out of the navigation: Material renders the whole nav into
    every page, so listing papers would make each page (and the build) grow with
    the catalogue. They are reached from the era tables, search and prev/next links.
    """
    kinds = sorted((kind for kind in PAGE_KINDS if kind.nav is not None), key=lambda kind: kind.nav_rank)
    return [entry for kind in kinds if kind.nav for entry in kind.nav(catalogue)] + list(extra or [])


def nav_titles(entries: list[object]) -> dict[str, str]:
    """{docs path: its title in the navigation}, for every page the navigation names."""
    titles: dict[str, str] = {}

    def walk(value: object) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for title, target in value.items():
                if isinstance(target, str):
                    titles[target] = title
                else:
                    walk(target)

    walk(entries)
    return titles
