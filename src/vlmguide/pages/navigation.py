"""The site navigation, as MkDocs' nav setting takes it."""

from __future__ import annotations

from vlmguide.catalogue.model import Catalogue
from vlmguide.catalogue.text import escape_html
from vlmguide.pages.urls import CORRECTIONS, ESSAY, HOME, LINEAGE, PATHS, TOPICS, era_path, path_path


def nav(catalogue: Catalogue, extra: list[object] | None = None) -> list[object]:
    """The site navigation: home, one entry per era, the essay, then hand-written pages.

    Titles are HTML-escaped: the theme writes navigation titles into the page as they are.

    Paper pages stay out of the navigation: Material renders the whole nav into
    every page, so listing papers would make each page (and the build) grow with
    the catalogue. They are reached from the era tables, search and prev/next links.
    """
    entries: list[object] = [
        {"首頁": HOME},
        {"年代": [{escape_html(f"{e.title} ({e.years})"): era_path(e)} for e in catalogue.eras]},
        {escape_html(catalogue.essay.title): ESSAY},
        {"論文脈絡圖": LINEAGE},
    ]
    if catalogue.topics:
        entries.append({"主題": TOPICS})
    if catalogue.paths:
        entries.append(
            {"閱讀路徑": [{"所有路徑": PATHS}, *({escape_html(p.title): path_path(p)} for p in catalogue.paths)]}
        )
    if catalogue.has_remarks:
        entries.append({"勘誤與編者註": CORRECTIONS})
    return [*entries, *(extra or [])]


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
