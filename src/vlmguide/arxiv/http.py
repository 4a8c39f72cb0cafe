"""Checking one URL over HTTP: HEAD with a GET fallback, redirects, retries, politeness.

Redirects are followed by hand so that loops are caught and the chain reported;
every request, first or retry, goes through the host group's Pacer.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from vlmguide.arxiv.politeness import DeadlineExceeded, Politeness, parse_retry_after
from vlmguide.arxiv.results import LinkResult, State

MAX_REDIRECTS = 10
ROBOT_MARKERS = ("robot", "captcha", "automated access")
BODY_LIMIT = 64 * 1024  # enough to recognise an error page; a PDF is not downloaded whole


@dataclass
class Reply:
    status: int
    headers: httpx.Headers
    text: str


@dataclass
class HttpSettings:
    timeout: float = 15.0
    retries: int = 2  # attempts after the first, for transient failures
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_retry_after: float = 120.0  # a longer Retry-After is reported as rate_limited, not waited for


class Fetcher:
    """Sends requests politely for one run."""

    def __init__(self, client: httpx.Client, politeness: Politeness, settings: HttpSettings) -> None:
        self.client = client
        self.politeness = politeness
        self.settings = settings

    def request(self, method: str, url: str, *, delay: float = 0.0, body_limit: int | None = BODY_LIMIT) -> Reply:
        """One request, paced by its host group; at most body_limit bytes of the body are read."""
        pacer = self.politeness.pacer(urlsplit(url).hostname or "")
        with pacer:
            pacer.wait_turn(delay)
            remaining = max(0.1, self.politeness.deadline - self.politeness.clock.monotonic())
            timeout = min(self.settings.timeout, remaining)
            with self.client.stream(method, url, follow_redirects=False, timeout=timeout) as response:
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if body_limit is not None and len(body) >= body_limit:
                        break
                return Reply(response.status_code, response.headers, body.decode("utf-8", "replace"))

    def blocked_message(self, url: str) -> str | None:
        return self.politeness.blocked.get(self.politeness.group(urlsplit(url).hostname or ""))

    def block(self, url: str, message: str) -> None:
        self.politeness.blocked[self.politeness.group(urlsplit(url).hostname or "")] = message


@dataclass
class _Attempts:
    """The retries one link may still make: each waits Retry-After, or a backoff that doubles."""

    settings: HttpSettings
    retries: int = 0

    def next_delay(self, retry_after: float | None = None) -> float | None:
        """Seconds to wait before the next attempt, or None when none is left."""
        if self.retries >= self.settings.retries:
            return None
        delay = retry_after if retry_after is not None else self.settings.backoff * 2**self.retries
        self.retries += 1
        return delay

    @property
    def made(self) -> int:
        return self.retries + 1


def _is_robot_page(response: Reply) -> bool:
    return response.status == 403 and any(m in response.text.lower() for m in ROBOT_MARKERS)


def check_url(
    fetcher: Fetcher, url: str, result: LinkResult, *, method: str = "HEAD", body_limit: int | None = BODY_LIMIT
) -> Reply | None:
    """Set result's state for url (ok, redirected, broken, blocked, rate_limited, transient, skipped).

    Returns the final reply when the link answered 2xx, else None. HEAD falls back to GET.
    """
    if (why := fetcher.blocked_message(url)) is not None:
        result.state, result.message = State.SKIPPED, f"not sent: {why}"
        return None
    settings = fetcher.settings
    current, seen = url, [url]
    attempts, delay = _Attempts(settings), 0.0
    while True:
        try:
            response = fetcher.request(method, current, delay=delay, body_limit=body_limit)
        except DeadlineExceeded:
            result.state, result.message = State.SKIPPED, "the run's deadline was reached before this link"
            return None
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            kind = (
                "timed out" if isinstance(exc, httpx.TimeoutException) else f"connection failed ({type(exc).__name__})"
            )
            if (retry := attempts.next_delay()) is not None:
                delay = retry
                continue
            result.state = State.TRANSIENT
            result.message = f"{kind} after {attempts.made} attempts ({urlsplit(current).netloc})"
            return None
        status = response.status
        result.http_status = status
        if method == "HEAD" and status in (403, 405, 501):
            method, delay = "GET", 0.0  # HEAD not allowed here (or a 403 whose page we need to read)
            continue
        if status in (301, 302, 303, 307, 308) and "location" in response.headers:
            target = urljoin(current, response.headers["location"])
            if target in seen:
                result.state = State.BROKEN
                result.message = "redirect loop: " + " -> ".join([*seen, target])
                return None
            if len(seen) > MAX_REDIRECTS:
                result.state, result.message = State.BROKEN, f"more than {MAX_REDIRECTS} redirects"
                return None
            seen.append(target)
            current, delay = target, 0.0
            continue
        if _is_robot_page(response):
            message = f"{urlsplit(current).hostname} answered 403 with a robot-detection page; stopped sending to it"
            fetcher.block(current, message)
            result.state, result.message = State.BLOCKED, message
            return None
        if status in (429, 503):
            wait = parse_retry_after(response.headers.get("retry-after"), fetcher.politeness.clock.now())
            if (wait is None or wait <= settings.max_retry_after) and (retry := attempts.next_delay(wait)) is not None:
                delay = retry
                continue
            result.state = State.RATE_LIMITED if status == 429 else State.TRANSIENT
            result.message = f"HTTP {status} after {attempts.made} attempts" + (
                f" (Retry-After {wait:.0f} s)" if wait is not None else ""
            )
            return None
        if 500 <= status < 600:
            if (retry := attempts.next_delay()) is not None:
                delay = retry
                continue
            result.state, result.message = State.TRANSIENT, f"HTTP {status} after {attempts.made} attempts"
            return None
        if 200 <= status < 300:
            if len(seen) > 1:
                result.state, result.final_url = State.REDIRECTED, current
                result.message = "redirected: " + " -> ".join(seen)
            else:
                result.state = State.OK
            return response
        result.state, result.message = State.BROKEN, f"HTTP {status}" + (f" at {current}" if current != url else "")
        return None
