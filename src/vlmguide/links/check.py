"""`vlmguide linkcheck` as a function: the built site and the cache found, the catalogue loaded, one run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from vlmguide.arxiv.api import Entry
from vlmguide.catalogue.errors import CatalogueError
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.catalogue.model import Catalogue
from vlmguide.links.built_site import malformed_url
from vlmguide.links.cache import Cache, CacheError
from vlmguide.links.results import LinkResult
from vlmguide.links.run import LinkCheck, Options, Progress, catalogue_problems

DEFAULT_SITE = Path("site")


class SettingsError(ValueError):
    """A setting the run cannot work with; the message says what to change."""


@dataclass
class CheckRun:
    """What one run found. catalogue is None when it did not load: its problems are the results."""

    results: list[LinkResult]
    catalogue: Catalogue | None = None
    stats: dict[str, int] = field(default_factory=dict)  # what the offline rules looked at
    arxiv_entries: dict[str, Entry] = field(default_factory=dict)  # what the arXiv API said, by base ID


def settled(options: Options) -> Options:
    """options with the built site found (site/ when it exists); SettingsError if they cannot work."""
    for name, url in (("--arxiv-url", options.arxiv_url), ("--arxiv-api-url", options.arxiv_api_url)):
        if (why := malformed_url(url)) is not None:
            raise SettingsError(f"{name} {url!r} {why}")
    site = options.site
    if site is None and DEFAULT_SITE.is_dir():
        site = DEFAULT_SITE
    if site is not None and not (site / "index.html").is_file():
        raise SettingsError(f"{site} is not a built site (no index.html); run mkdocs build first")
    if options.external and site is None:
        raise SettingsError("--external checks the built site: run mkdocs build first, or pass --site DIR")
    return dataclasses.replace(options, site=site)


def check_links(
    data_dir: Path, options: Options, cache_path: Path | None = None, progress: Progress | None = None
) -> CheckRun:
    """Check the catalogue in data_dir (and the built site) as options say; results are cached in
    cache_path. Raises SettingsError before anything is sent if the settings cannot work."""
    options = settled(options)
    try:
        cache = Cache.load(cache_path)
    except CacheError as exc:
        raise SettingsError(str(exc)) from None
    try:
        catalogue = load_catalogue(data_dir)
    except CatalogueError as exc:
        return CheckRun(catalogue_problems(exc))
    check = LinkCheck(catalogue, options, cache, progress=progress)
    results = check.run()
    cache.save()
    return CheckRun(results, catalogue, check.stats, check.arxiv_entries)
