"""Driving Debian's Chromium against a built site served on 127.0.0.1 (tests and scripts)."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


@functools.lru_cache(maxsize=4096)
def _gzipped(file: Path, mtime_ns: int, size: int) -> bytes:
    """A file's gzip body, compressed once per version of the file, as static hosts keep it."""
    return gzip.compress(file.read_bytes(), compresslevel=6)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host (GitHub Pages, say) does: text compressed with gzip
    when the browser accepts it, and a missing page answered with the site's own 404.html."""

    hold: tuple[str, threading.Event] | None = None  # (path prefix, event): such requests wait for the event

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.hold is not None and self.path.startswith(self.hold[0]):
            self.hold[1].wait(timeout=120)
        file = Path(self.translate_path(self.path))
        if file.is_dir() and self.path.split("?")[0].endswith("/"):
            file = file / "index.html"
        if file.suffix in _COMPRESSED and file.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            stat = file.stat()
            body = _gzipped(file, stat.st_mtime_ns, stat.st_size)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(file)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The nearest 404.html up the path, as Cloudflare Pages serves it (GitHub Pages has only the
        # root's): a missing page under zh-Hans/ gets the zh-Hans edition's.
        edition_404 = Path(self.directory) / self.path.lstrip("/").split("/")[0] / "404.html"
        not_found = edition_404 if edition_404.is_file() else Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_directory(root: Path, hold: tuple[str, threading.Event] | None = None) -> Iterator[str]:
    """Serve root on a free 127.0.0.1 port; yield the base URL. hold: (path prefix, event): requests for
    paths starting so are answered once the event is set (set on leaving)."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"hold": hold}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        if hold is not None:
            hold[1].set()
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM)


def search(page, base_url: str, query: str, shown: str | None = None) -> list[str]:
    """Type query into the site's search box; return the paper ids of all results, best first.

    shown: what the box holds once the query is searched (a query in the other script is converted
    to the edition's; default: query as typed)."""
    page.goto(base_url)
    page.wait_for_load_state("networkidle")  # the page and its scripts are loaded (the index loads on the first focus)
    box = page.locator("input.md-search__input")
    box.click()
    # Chinese is entered through an input method, which ends with a key release; Material
    # searches on key events, so fill the text and release a key as the IME would.
    box.fill(query)
    box.press("End")
    # The meta line reads 打字進行搜尋 (键入以开始搜索) until the worker answers with a count or
    # 沒有符合的項目 (没有找到符合条件的结果).
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta')?.textContent || '';"
        " return document.querySelector('input.md-search__input').value === q"
        " && (/\\d/.test(m) || m.includes('沒有符合') || m.includes('没有找到')); }",
        arg=query if shown is None else shown,
    )
    page.wait_for_timeout(300)  # the worker answers asynchronously; let the list settle
    items = page.locator(".md-search-result__item")
    # Material renders ten results, then four more each time the list's scroll area
    # reaches its bottom again: leave the bottom and come back until no more appear.
    scroll_area = page.locator(".md-search__scrollwrap")
    count, stable = items.count(), 0
    while count and stable < 3:
        scroll_area.evaluate("e => { e.scrollTop = 0; }")
        page.wait_for_timeout(50)
        scroll_area.evaluate("e => { e.scrollTop = e.scrollHeight; }")
        page.wait_for_timeout(150)
        stable = stable + 1 if items.count() == count else 0
        count = items.count()
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    ids: list[str] = []
    for href in hrefs:
        match = re.search(r"/papers/([^/?#]+)/", href)
        if match and match[1] not in ids:
            ids.append(match[1])
    return ids


def papers_mentioning(catalogue, query: str) -> set[str]:
    """The papers whose own text contains query (case-insensitive): what a search must find."""
    needle = query.lower()
    found = set()
    for paper in catalogue.papers:
        text = " ".join(
            [paper.name, paper.title or "", *paper.authors, paper.summary, paper.mechanism, *paper.key_techniques]
        )
        if needle in text.replace("*", "").lower():
            found.add(paper.id)
    return found


def axe_violations(page, axe_source: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA rules and best practices on the loaded page: one line per violation."""
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}))
            .violations.map(v => `${v.id} (${v.impact}): ${v.help}: ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '')).join(' | '))"""
    )
