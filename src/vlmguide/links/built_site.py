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

from vlmguide.arxiv.outcome import State
from vlmguide.links.results import LinkResult


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel") or ""
        if tag == "link" and rel == "canonical":
            self.canonical = dict(attrs).get("href")
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                # <link rel="canonical"> names the page's published address; nothing loads it.
                kind = "a" if tag == "link" and rel in ("canonical", "alternate") else tag
                self.refs.append((kind, name, value))
            if name == "id" and value:
                self.ids.add(value)


@dataclass
class ParsedPage:
    path: Path
    refs: list[tuple[str, str, str]]
    ids: set[str]
    canonical: str | None = None


@dataclass
class SiteLinks:
    """Every HTML page of a site, parsed once."""

    root: Path
    pages: dict[Path, ParsedPage] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> SiteLinks:
        site = cls(root)
        for path in sorted(root.rglob("*.html")):
            parser = _PageParser()
            parser.feed(path.read_text(encoding="utf-8"))
            site.pages[path.resolve()] = ParsedPage(path, parser.refs, parser.ids, parser.canonical)
        return site

    @cached_property
    def site_url(self) -> str | None:
        """The site's own address (MkDocs' site_url), as its home page names itself in rel=canonical.

        Links under it (canonical links, the 404 page's absolute links) are the site's own pages:
        they are checked in the built files, never fetched.
        """
        home = self.pages.get((self.root / "index.html").resolve())
        canonical = home.canonical if home is not None else None
        return canonical if canonical and urlsplit(canonical).scheme in ("http", "https") else None

    def own_path(self, value: str) -> str | None:
        """For a URL under site_url: the same link from the server's root ("/vlm-papers/papers/clip/")."""
        if self.site_url is None or not value.startswith(self.site_url):
            return None
        return urlsplit(value)._replace(scheme="", netloc="").geturl()

    def _file(self, page: ParsedPage, path: str) -> Path:
        """The file a link's path names. A path from the server's root starts with the site's own base
        path when the site is published under one (site_url https://host/vlm-papers/)."""
        if not path.startswith("/"):
            return (page.path.parent / path).resolve() if path else page.path.resolve()
        base = urlsplit(self.site_url).path if self.site_url else "/"
        rest = path[len(base) :] if path.startswith(base) else path.lstrip("/")
        return (self.root / rest).resolve()

    def where(self, page: ParsedPage) -> str:
        return f"site/{page.path.relative_to(self.root).as_posix()}"

    def _internal_refs(self) -> Iterator[tuple[ParsedPage, str, str]]:
        """(page, link as written, link as a path in the site) for every link that stays inside it."""
        for page in self.pages.values():
            for _, _, value in page.refs:
                if not urlsplit(value).scheme and not value.startswith("//"):
                    yield page, value, value
                elif (own := self.own_path(value)) is not None:
                    yield page, value, own

    @property
    def internal_count(self) -> int:
        return sum(1 for _ in self._internal_refs())

    def internal_problems(self) -> list[LinkResult]:
        """Links to files that do not exist, and #anchors that name no element id."""
        results = []
        for page, value, path_in_site in self._internal_refs():
            parts = urlsplit(path_in_site)
            target = self._file(page, unquote(parts.path))  # 404.html links from the root, as it is served anywhere
            if target.is_dir():
                target = target / "index.html"
            message = None
            if not target.exists():
                message = f"{value}: no such file in the site"
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in self.pages[target].ids:
                message = f"{value}: no element with id '{unquote(parts.fragment)}'"
            if message:
                results.append(
                    LinkResult(url=value, state=State.BROKEN, kind="internal", message=message, source=self.where(page))
                )
        return results

    @cached_property
    def external_urls(self) -> dict[str, list[str]]:
        """{URL: [pages that link it]} for http(s) links; malformed ones included, to be reported.

        The #fragment is dropped: it is never sent to the server.
        """
        found: dict[str, list[str]] = defaultdict(list)
        for page in self.pages.values():
            for _, _, value in page.refs:
                if _is_external(value) and self.own_path(value) is None:
                    url, where = value.split("#", 1)[0], self.where(page)
                    if where not in found[url]:
                        found[url].append(where)
        return dict(found)

    def third_party_loads(self) -> list[str]:
        """What pages load (not link) from another host: scripts, styles, images, fonts."""
        return [
            f"{self.where(page)}: <{tag} {attr}={value}>"
            for page in self.pages.values()
            for tag, attr, value in page.refs
            if tag != "a" and _is_external(value) and self.own_path(value) is None
        ]


def _is_external(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https") or value.startswith("//")


def malformed_url(url: str) -> str | None:
    """Why url is not a well-formed absolute http(s) URL, or None."""
    if any(c.isspace() for c in url):
        return "contains whitespace"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"scheme '{parts.scheme}' is not http or https"
    if not parts.hostname or ("." not in parts.hostname and parts.hostname != "localhost"):
        return "has no valid host name"
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "has an invalid port"
    return None
