"""One link-check run: offline rules, arXiv metadata, then (optionally) external links."""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from vlmguide.arxiv.api import Entry, error_for, normalise_title
from vlmguide.arxiv.client import Answer, ClientSettings, ask, polite_fetcher
from vlmguide.arxiv.http import check_url
from vlmguide.arxiv.ids import base_id
from vlmguide.arxiv.outcome import State
from vlmguide.arxiv.politeness import Clock
from vlmguide.catalogue.code_links import github_repository
from vlmguide.catalogue.errors import CatalogueError
from vlmguide.catalogue.model import Catalogue, Paper
from vlmguide.links.built_site import SiteLinks, malformed_url
from vlmguide.links.cache import Cache
from vlmguide.links.github import GITHUB_API_URL, check_repository
from vlmguide.links.results import LinkResult

MAX_HOST_THREADS = 32  # host groups checked at once; the arXiv group always starts first
Progress = Callable[[int, int], None]


@dataclass
class Options(ClientSettings):
    """What one run checks, besides where arXiv is and how politely it is asked (ClientSettings)."""

    offline: bool = False
    external: bool = False
    site: Path | None = None
    fill_metadata: bool = False  # ask about papers lacking a date or category even when cached
    max_age: timedelta = timedelta(days=6)
    github_api_url: str = GITHUB_API_URL  # a stand-in in tests
    github_token: str | None = None  # with one, repository links are asked through GitHub's API


def catalogue_problems(error: CatalogueError) -> list[LinkResult]:
    """The loader's problems as results, so reports and annotations point at the YAML line."""
    return [
        LinkResult(
            url=p.field or p.file,
            state=State.MALFORMED,
            kind="offline",
            source=f"{p.file}:{p.line}",
            message=f"{p.field}: {p.message}" + (f" ({p.hint})" if p.hint else ""),
        )
        for p in error.problems
    ]


class LinkCheck:
    def __init__(
        self,
        catalogue: Catalogue,
        options: Options,
        cache: Cache,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.options = options
        self.cache = cache
        self.clock = clock or Clock()
        self.progress = progress or (lambda done, total: None)
        self.fetcher = polite_fetcher(options, self.clock, transport)
        self.politeness = self.fetcher.politeness
        self.stats: dict[str, int] = {}  # what the offline rules looked at
        self.arxiv_entries: dict[
            str, Entry
        ] = {}  # what the arXiv API said, by base ID (vlmguide.editing.metadata_fill)

    def run(self) -> list[LinkResult]:
        results = self.offline()
        if not self.options.offline:
            results += self.arxiv_metadata()
            if self.options.external:
                results += self.external()
        now = self.clock.now()
        for result in results:
            if result.kind in ("arxiv", "external"):
                self.cache.record(result, now)
        self.fetcher.client.close()
        return results

    # 1. Offline rules -------------------------------------------------------------------------

    def offline(self) -> list[LinkResult]:
        results = []
        for paper in self.catalogue.papers:
            for url in (paper.abs_url, paper.pdf_url):
                if (why := malformed_url(url)) is not None:
                    results.append(
                        LinkResult(
                            url=url,
                            state=State.MALFORMED,
                            kind="offline",
                            arxiv_id=paper.arxiv,
                            paper_id=paper.id,
                            message=why,
                            source=self.catalogue.source_of(paper.id, "arxiv"),
                        )
                    )
        self.stats["arXiv URLs"] = 2 * len(self.catalogue.papers)
        if self.options.site is not None:
            site = self.site
            results += site.internal_problems()
            self.stats["internal links"] = site.internal_count
            self.stats["external URLs"] = len(site.external_urls)
            for url, pages in site.external_urls.items():
                if (why := malformed_url(url)) is not None:
                    results.append(
                        LinkResult(url=url, state=State.MALFORMED, kind="offline", message=why, source=pages[0])
                    )
        return results

    @cached_property
    def site(self) -> SiteLinks:
        """The built site, read once for the offline rules and the external stage."""
        assert self.options.site is not None
        return SiteLinks.read(self.options.site)

    # 2. arXiv metadata, in one request ---------------------------------------------------------

    def arxiv_metadata(self) -> list[LinkResult]:
        now = self.clock.now()
        results: dict[str, LinkResult] = {}
        to_ask = []
        for paper in self.catalogue.papers:
            key = f"arxiv:{paper.arxiv}"
            cached = self.cache.fresh(key, now, self.options.max_age)
            # With --fill-metadata a paper still missing its date or category is asked anyway.
            lacking = not (paper.published and paper.primary_category)
            if cached is not None and not (self.options.fill_metadata and lacking):
                results[paper.id] = cached
            else:
                to_ask.append(paper)
        by_base = {base_id(p.arxiv): p for p in to_ask}
        for answer in ask(self.fetcher, self.options.arxiv_api_url, [p.arxiv for p in to_ask]):
            self.arxiv_entries.update(answer.entries)
            for arxiv_id in answer.ids:
                paper = by_base[base_id(arxiv_id)]
                results[paper.id] = self._metadata_result(paper, answer)
        return [results[p.id] for p in self.catalogue.papers if p.id in results]

    def _metadata_result(self, paper: Paper, answer: Answer) -> LinkResult:
        probe, entries, errors = answer.request, answer.entries, answer.errors
        result = LinkResult(
            url=f"{self.options.arxiv_url.rstrip('/')}/abs/{paper.arxiv}",
            state=State.OK,
            kind="arxiv",
            arxiv_id=paper.arxiv,
            paper_id=paper.id,
            source=self.catalogue.source_of(paper.id, "arxiv"),
            http_status=probe.http_status,
        )
        if not probe.state.good:
            result.state, result.message = probe.state, f"arXiv API: {probe.message}"
            return result
        entry = entries.get(base_id(paper.arxiv))
        if entry is None:
            if (error := error_for(errors, paper.arxiv)) is not None:
                result.state, result.message = State.MALFORMED, f"arXiv API: {error}"
            elif not entries and len(answer.ids) > 1:
                result.state = State.TRANSIENT
                result.message = (
                    f"the arXiv API answered with no entries, {answer.requests} times; asked again next run"
                )
            else:
                result.state, result.message = self._abstract_page_says(result.url)
            return result
        if entry.withdrawn:
            result.state, result.message = State.BROKEN, f"withdrawn on arXiv: {entry.comment or entry.summary[:120]}"
            return result
        if paper.title and normalise_title(paper.title) != normalise_title(entry.title):
            result.state = State.CHANGED
            result.source = self.catalogue.source_of(paper.id, "title")
            result.message = f"title on arXiv is now '{entry.title}' (catalogue: '{paper.title}')"
        return result

    def _abstract_page_says(self, url: str) -> tuple[State, str]:
        """For a paper missing from an API answer that lists the others: its abstract page decides.
        Only a 404 (or 410) there makes it broken; an answering page means the API and the site disagree."""
        page = check_url(self.fetcher, url)
        if page.state == State.BROKEN and page.http_status in (404, 410):
            return State.BROKEN, f"arXiv API has no paper with this ID and its abstract page answers {page.http_status}"
        if page.state.good:
            return State.TRANSIENT, (
                "the arXiv API did not list it, but its abstract page answers: the API and the site disagree; "
                "asked again next run"
            )
        return State.TRANSIENT, f"the arXiv API did not list it; its abstract page: {page.state.value} {page.message}"

    # 3. External links -------------------------------------------------------------------------

    def external(self) -> list[LinkResult]:
        now = self.clock.now()
        catalogue_urls = self._catalogue_urls()
        results: list[LinkResult] = []
        groups: dict[str, list[LinkResult]] = defaultdict(list)
        for url, pages in sorted(self.site.external_urls.items()):
            if malformed_url(url) is not None:
                continue  # reported by the offline rules
            paper, field = catalogue_urls.get(url, (None, None))
            target = self._redirect_arxiv(url)
            result = LinkResult(
                url=target,
                state=State.OK,
                kind="external",
                arxiv_id=paper.arxiv if paper else None,
                paper_id=paper.id if paper else None,
                source=self.catalogue.source_of(paper.id, field) if paper else pages[0],
            )
            cached = self.cache.fresh(result.key, now, self.options.max_age)
            if cached is not None:
                cached.source = result.source
                results.append(cached)
                continue
            host = urlsplit(self._asked_at(target)).hostname or ""
            groups[self.politeness.group(host)].append(result)
        total = sum(len(g) for g in groups.values())
        done = 0
        counting = threading.Lock()

        def check_group(items: list[LinkResult]) -> list[LinkResult]:
            nonlocal done
            for i, item in enumerate(items):
                items[i] = self._check(item)
                with counting:
                    done += 1
                    self.progress(done, total)
            return items

        # A thread per host group, the arXiv group first: each group sends one request at a time,
        # paced, and a host that stalls or times out spends its own time, never another group's.
        ordered = sorted(groups.values(), key=lambda items: items is not groups.get("arxiv"))
        with ThreadPoolExecutor(max_workers=max(1, min(len(ordered), MAX_HOST_THREADS))) as pool:
            for checked in pool.map(check_group, ordered):
                results += checked
        return results

    def _catalogue_urls(self) -> dict[str, tuple[Paper, str]]:
        """{URL: (paper, field)} for the links the catalogue holds: a problem with one is reported at
        its field's line in the YAML, not at the page that shows it."""
        urls: dict[str, tuple[Paper, str]] = {}
        for paper in self.catalogue.papers:
            urls[paper.abs_url] = urls[paper.pdf_url] = (paper, "arxiv")
            for field, url in paper.links:
                urls.setdefault(url, (paper, field))
        return urls

    def _via_github_api(self, url: str) -> bool:
        """A GitHub repository, in a run with a token: asked through GitHub's API (vlmguide.links.github)."""
        return bool(self.options.github_token) and github_repository(url) is not None

    def _asked_at(self, url: str) -> str:
        """Where url is checked: the API's host or url itself (the host group that paces it)."""
        return self.options.github_api_url if self._via_github_api(url) else url

    def _check(self, item: LinkResult) -> LinkResult:
        if self._via_github_api(item.url):
            assert self.options.github_token is not None
            outcome, fix = check_repository(
                self.fetcher, self.options.github_api_url, self.options.github_token, item.url
            )
            return dataclasses.replace(item.checked(outcome), fix=fix)
        return item.checked(check_url(self.fetcher, item.url))

    def _redirect_arxiv(self, url: str) -> str:
        """Links to arxiv.org are checked at --arxiv-url (a stand-in in tests)."""
        parts = urlsplit(url)
        if (
            parts.hostname in ("arxiv.org", "www.arxiv.org")
            and self.options.arxiv_url.rstrip("/") != "https://arxiv.org"
        ):
            return self.options.arxiv_url.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
        return url


def terminal_progress(done: int, total: int) -> None:
    """A one-line progress bar on a terminal; plain periodic lines in CI logs."""
    if sys.stderr.isatty():
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} links")
        if done == total:
            sys.stderr.write("\n")
    elif done == total or done % 25 == 0:
        sys.stderr.write(f"checked {done}/{total} external links\n")
    sys.stderr.flush()
