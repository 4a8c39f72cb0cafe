"""HTTP servers on 127.0.0.1 that misbehave on purpose, and a fake clock.

Every request is logged (method, path, time) so tests can count what was sent.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import httpx

from vlmguide.arxiv.politeness import Clock
from vlmguide.catalogue.model import Catalogue

ROBOT_PAGE = "<html><body><h1>Access denied</h1><p>Our robot detection flagged your client.</p></body></html>"


class FakeClock:
    """Monotonic time that only moves when someone sleeps; records every sleep."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []
        self.start = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.t += seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.t - 1000.0)

    def clock(self) -> Clock:
        return Clock(monotonic=self.monotonic, sleep=self.sleep, now=self.now)


def atom_feed(entries: list[dict[str, Any]], errors: Sequence[str] = ()) -> str:
    """An arXiv API answer: entries as arXiv sends them, plus error entries for malformed IDs."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">',
        "<title>arXiv Query</title>",
    ]
    for e in entries:
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in e.get("authors", []))
        comment = f"<arxiv:comment>{escape(e['comment'])}</arxiv:comment>" if e.get("comment") else ""
        parts.append(
            f"<entry><id>http://arxiv.org/abs/{e['id']}v1</id><published>{e.get('published', '2021-01-01')}T00:00:00Z"
            f"</published><title>{escape(str(e['title']))}</title><summary>{escape(str(e.get('summary', 'x')))}</summary>"
            f'{authors}{comment}<arxiv:primary_category term="{e.get("category", "cs.CV")}"/></entry>'
        )
    for bad in errors:
        parts.append(
            f"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{bad}</id><title>Error</title>"
            f"<summary>incorrect id format for {bad}</summary></entry>"
        )
    parts.append("</feed>")
    return "\n".join(parts)


class Recorder:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.state: dict[str, int] = {}

    def count(self, prefix: str = "") -> int:
        return sum(1 for _, path in self.requests if path.startswith(prefix))


Route = Callable[[BaseHTTPRequestHandler, Recorder], None]


def _send(handler: BaseHTTPRequestHandler, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
    data = body.encode()
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)


def misbehaving_routes(papers: dict[str, dict[str, object]] | None = None) -> dict[str, Route]:
    """Paths and what they do. papers feeds the arXiv API stand-in at /api/query."""
    papers = papers or {}

    def api(h, rec):
        query = parse_qs(urlsplit(h.path).query)
        ids = query.get("id_list", [""])[0].split(",")
        limit = int(query.get("max_results", ["10"])[0])  # arXiv's default cuts long lists silently
        known = [papers[i] for i in ids if i in papers]
        malformed = [i for i in ids if i not in papers and not i[:4].isdigit()]
        random.Random(7).shuffle(known)  # entries come back in any order
        _send(h, 200, atom_feed(known[:limit], malformed), {"Content-Type": "application/atom+xml"})

    def once_then_ok(status: int, header: Callable[[], str]) -> Route:
        def route(h, rec):
            key = h.path
            rec.state[key] = rec.state.get(key, 0) + 1
            if rec.state[key] == 1:
                _send(h, status, "busy", {"Retry-After": header()})
            else:
                _send(h, 200, "ok")

        return route

    def stall(h, rec):
        time.sleep(3)
        _send(h, 200, "late")

    def reset(h, rec):
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"partial body")
        h.wfile.flush()
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        h.connection.close()
        h.close_connection = True

    def head_405(h, rec):
        if h.command == "HEAD":
            _send(h, 405, "", {"Allow": "GET"})
        else:
            _send(h, 200, "got it")

    return {
        "/api/query": api,
        "/ok": lambda h, rec: _send(h, 200, "fine"),
        "/missing": not_found,
        "/gone": lambda h, rec: _send(h, 410, "gone"),
        "/chain/1": lambda h, rec: _send(h, 301, "", {"Location": "/chain/2"}),
        "/chain/2": lambda h, rec: _send(h, 302, "", {"Location": "/chain/3"}),
        "/chain/3": lambda h, rec: _send(h, 301, "", {"Location": "/ok"}),
        "/loop/a": lambda h, rec: _send(h, 301, "", {"Location": "/loop/b"}),
        "/loop/b": lambda h, rec: _send(h, 301, "", {"Location": "/loop/a"}),
        "/head-405": head_405,
        "/stall": stall,
        "/reset": reset,
        "/always-503": lambda h, rec: _send(h, 503, "down"),
        "/always-429": lambda h, rec: _send(h, 429, "slow down", {"Retry-After": "600"}),
        "/retry-seconds": once_then_ok(429, lambda: "2"),
        "/retry-date": once_then_ok(
            503, lambda: format_datetime(datetime(2026, 11, 26, 12, 0, 5, tzinfo=UTC), usegmt=True)
        ),
        "/robot": lambda h, rec: _send(h, 403, ROBOT_PAGE, {"Content-Type": "text/html"}),
        "/forbidden": lambda h, rec: _send(h, 403, "<p>members only</p>"),
    }


def stand_in_papers(catalogue: Catalogue, **changes: dict[str, object] | None) -> dict[str, dict[str, object]]:
    """What the arXiv API stand-in knows: every paper of catalogue by arXiv ID, with changes
    ({arXiv ID: fields to change, or None: unknown to arXiv})."""
    papers: dict[str, dict[str, object]] = {
        p.arxiv: {"id": p.arxiv, "title": p.title, "authors": p.authors} for p in catalogue.papers
    }
    for arxiv_id, change in changes.items():
        if change is None:
            papers.pop(arxiv_id)
        else:
            papers[arxiv_id] = {**papers[arxiv_id], **change}
    return papers


def empty_answers(route: Route, times: int | None) -> Route:
    """The arXiv API as it sometimes answers a valid query: HTTP 200 with a well-formed feed and no
    entries, the first `times` requests (None: every time); then as route."""

    def empty_then(h: BaseHTTPRequestHandler, rec: Recorder) -> None:
        rec.state["empty"] = rec.state.get("empty", 0) + 1
        if times is None or rec.state["empty"] <= times:
            _send(h, 200, atom_feed([]), {"Content-Type": "application/atom+xml"})
        else:
            route(h, rec)

    return empty_then


class LoopbackOnly(httpx.BaseTransport):
    """Sends requests for loopback addresses for real; answers every other host itself (200), so a
    test never reaches the internet, and records what it would have sent there."""

    def __init__(self) -> None:
        self.real = httpx.HTTPTransport()
        self.elsewhere: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if (request.url.host or "").startswith("127."):
            return self.real.handle_request(request)
        self.elsewhere.append(str(request.url))
        return httpx.Response(200, text="stand-in")


def github_api_routes(
    repositories: dict[str, bool], moved: dict[str, str], tokens: list[str | None]
) -> dict[str, Route]:
    """GitHub's REST API as the link checker asks it, GET /repos/{owner}/{repo}. repositories:
    {full name: archived}; moved: {old full name: new full name}, answered as GitHub answers a renamed
    or transferred repository (301 to /repositories/{id}). Other repositories are 404 (fake_server).
    The Authorization header of every request is appended to tokens."""

    def repository(full_name: str) -> Route:
        def route(h: BaseHTTPRequestHandler, rec: Recorder) -> None:
            tokens.append(h.headers.get("Authorization"))
            body = {
                "full_name": full_name,
                "archived": repositories.get(full_name, False),
                "html_url": f"https://github.com/{full_name}",
            }
            _send(h, 200, json.dumps(body), {"Content-Type": "application/json"})

        return route

    def redirect(number: int) -> Route:
        def route(h: BaseHTTPRequestHandler, rec: Recorder) -> None:
            tokens.append(h.headers.get("Authorization"))
            _send(h, 301, "{}", {"Location": f"/repositories/{number}"})

        return route

    routes = {f"/repos/{name}": repository(name) for name in repositories}
    for number, (old, new) in enumerate(moved.items(), 1):
        routes[f"/repos/{old}"] = redirect(number)
        routes[f"/repositories/{number}"] = repository(new)
    return routes


def quota_used_up(reset_at: Callable[[], float]) -> Route:
    """An API whose request quota is used up until reset_at() (epoch seconds), as GitHub says it:
    403 with x-ratelimit-remaining 0 and x-ratelimit-reset."""

    def route(h: BaseHTTPRequestHandler, rec: Recorder) -> None:
        headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(reset_at()))}
        _send(h, 403, '{"message": "API rate limit exceeded"}', headers)

    return route


def not_found(h: BaseHTTPRequestHandler, rec: Recorder) -> None:
    _send(h, 404, "not here")


@contextmanager
def fake_server(routes: dict[str, Route]) -> Iterator[tuple[str, Recorder]]:
    """Serve routes on 127.0.0.1; yield (base URL, recorder). Unknown paths under /abs/ and /pdf/ answer 200."""
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def handle_one(self) -> None:
            with recorder.lock:
                recorder.requests.append((self.command, self.path))
                recorder.active += 1
                recorder.max_active = max(recorder.max_active, recorder.active)
            try:
                path = urlsplit(self.path).path
                route = routes.get(path)
                if route is None and path.startswith(("/abs/", "/pdf/")):
                    route = routes.get("/ok")
                if route is None:
                    _send(self, 404, "no route")
                else:
                    route(self, recorder)
            finally:
                with recorder.lock:
                    recorder.active -= 1

        do_GET = do_HEAD = handle_one

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", recorder
    finally:
        server.shutdown()
        server.server_close()
