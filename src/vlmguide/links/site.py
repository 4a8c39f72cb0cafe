"""Offline checks of a built site: every internal link and #anchor resolves; URLs are well formed.

Also collects the external URLs a reader can follow, with the page that links them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import LinkResult, State


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel") or ""
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                # <link rel="canonical"> names the page's published address; nothing loads it.
                kind = "a" if tag == "link" and rel in ("canonical", "alternate") else tag
                self.refs.append((kind, name, value))
            if name == "id" and value:
                self.ids.add(value)


@dataclass
class Page:
    path: Path
    refs: list[tuple[str, str, str]]
    ids: set[str]


@dataclass
class SiteLinks:
    """Every HTML page of a site, parsed once."""

    root: Path
    pages: dict[Path, Page] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> SiteLinks:
        site = cls(root)
        for path in sorted(root.rglob("*.html")):
            parser = _PageParser()
            parser.feed(path.read_text(encoding="utf-8"))
            site.pages[path.resolve()] = Page(path, parser.refs, parser.ids)
        return site

    def where(self, page: Page) -> str:
        return f"site/{page.path.relative_to(self.root).as_posix()}"

    def _internal_refs(self) -> Iterator[tuple[Page, str]]:
        """(page, link) for every link that stays inside the site."""
        for page in self.pages.values():
            for _, _, value in page.refs:
                if not urlsplit(value).scheme and not value.startswith("//"):
                    yield page, value

    @property
    def internal_count(self) -> int:
        return sum(1 for _ in self._internal_refs())

    def internal_problems(self) -> list[LinkResult]:
        """Links to files that do not exist, and #anchors that name no element id."""
        results = []
        for page, value in self._internal_refs():
            parts = urlsplit(value)
            path = unquote(parts.path)
            if path.startswith("/"):  # 404.html links from the site root, as it is served anywhere
                target = (self.root / path.lstrip("/")).resolve()
            else:
                target = (page.path.parent / path).resolve() if path else page.path.resolve()
            if target.is_dir():
                target = target / "index.html"
            message = None
            if not target.exists():
                message = f"{value}: no such file in the site"
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in self.pages[target].ids:
                    message = f"{value}: no element with id '{unquote(parts.fragment)}'"
            if message:
                results.append(LinkResult(url=value, state=State.BROKEN, kind="internal", message=message,
                                          source=self.where(page)))
        return results

    @cached_property
    def external_urls(self) -> dict[str, list[str]]:
        """{URL: [pages that link it]} for http(s) links; malformed ones included, to be reported.

        The #fragment is dropped: it is never sent to the server.
        """
        found: dict[str, list[str]] = defaultdict(list)
        for page in self.pages.values():
            for _, _, value in page.refs:
                if _is_external(value):
                    url, where = value.split("#", 1)[0], self.where(page)
                    if where not in found[url]:
                        found[url].append(where)
        return dict(found)

    def third_party_loads(self) -> list[str]:
        """What pages load (not link) from another host: scripts, styles, images, fonts."""
        return [f"{self.where(page)}: <{tag} {attr}={value}>"
                for page in self.pages.values() for tag, attr, value in page.refs
                if tag != "a" and _is_external(value)]


def _is_external(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https") or value.startswith("//")


def malformed_url(url: str) -> str | None:
    """Why url is not a well-formed absolute http(s) URL, or None."""
    if any(c.isspace() for c in url):
        return "contains whitespace"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"scheme '{parts.scheme}' is not http or https"
    if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
        return "has no valid host name"
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "has an invalid port"
    return None
