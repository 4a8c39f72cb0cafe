"""Checking one URL over HTTP: HEAD with a GET fallback, redirects, retries, politeness.

`classify` reads one reply and says what comes next (a final Outcome, a request to send again
at once, or a transient failure to retry); `check_url` is the short loop that sends requests
and counts retries. Redirects are followed by hand so that loops are caught and the chain
reported; every request, first or retry, goes through the host group's Pacer.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from vlmguide.arxiv.outcome import Outcome, Reply, State
from vlmguide.arxiv.politeness import DeadlineExceeded, Politeness, parse_retry_after

MAX_REDIRECTS = 10
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
HEAD_REFUSED = (403, 405, 501)  # HEAD not allowed here (or a 403 whose page we need to read): GET instead
ROBOT_MARKERS = ("robot", "captcha", "automated access")
BODY_LIMIT = 64 * 1024  # enough to recognise an error page; a PDF is not downloaded whole


@dataclass(frozen=True)
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

    def request(
        self,
        method: str,
        url: str,
        *,
        delay: float = 0.0,
        body_limit: int | None = BODY_LIMIT,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """One request, paced by its host group; at most body_limit bytes of the body are read."""
        pacer = self.politeness.pacer(urlsplit(url).hostname or "")
        with pacer:
            pacer.wait_turn(delay)
            remaining = max(0.1, self.politeness.deadline - self.politeness.clock.monotonic())
            timeout = min(self.settings.timeout, remaining)
            with self.client.stream(method, url, follow_redirects=False, timeout=timeout, headers=headers) as response:
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


@dataclass(frozen=True)
class SendAgain:
    """Send at once to url with method: GET after a refused HEAD, or a redirect's target."""

    method: str
    url: str


@dataclass(frozen=True)
class Retry:
    """A transient failure: try again (after Retry-After or a backoff), or, with no retry left
    or `allowed` false, end as `state` with `message` ("{attempts}" becomes the count made)."""

    state: State
    message: str
    retry_after: float | None = None
    allowed: bool = True
    stop_host: bool = False  # when not retried: send nothing more to this host group this run


Step = Outcome | SendAgain | Retry


def _is_robot_page(reply: Reply) -> bool:
    return reply.status == 403 and any(m in reply.text.lower() for m in ROBOT_MARKERS)


def classify(reply: Reply, method: str, chain: list[str], settings: HttpSettings, politeness: Politeness) -> Step:
    """What one reply to the last URL of chain (the URLs sent so far for this link) means."""
    status, current = reply.status, chain[-1]
    if status in (403, 429) and reply.headers.get("x-ratelimit-remaining") == "0":
        return _rate_limit_used_up(reply, settings, politeness)
    if method == "HEAD" and status in HEAD_REFUSED:
        return SendAgain("GET", current)
    if status in REDIRECT_STATUSES and "location" in reply.headers:
        return _redirect(urljoin(current, reply.headers["location"]), method, chain, status)
    if _is_robot_page(reply):
        message = f"{urlsplit(current).hostname} answered 403 with a robot-detection page; stopped sending to it"
        return Outcome(State.BLOCKED, message, status)
    if status in (429, 503):
        return _asked_to_wait(reply, settings, politeness)
    if 500 <= status < 600:
        return Retry(State.TRANSIENT, f"HTTP {status} after {{attempts}} attempts")
    if 200 <= status < 300:
        if len(chain) > 1:
            return Outcome(State.REDIRECTED, "redirected: " + " -> ".join(chain), status, current, reply)
        return Outcome(State.OK, "", status, reply=reply)
    return Outcome(State.BROKEN, f"HTTP {status}" + (f" at {current}" if len(chain) > 1 else ""), status)


def _asked_to_wait(reply: Reply, settings: HttpSettings, politeness: Politeness) -> Retry:
    """A 429 (rate limited) or 503 (busy), with or without a Retry-After to honour."""
    wait = parse_retry_after(reply.headers.get("retry-after"), politeness.clock.now())
    state = State.RATE_LIMITED if reply.status == 429 else State.TRANSIENT
    told = f" (Retry-After {wait:.0f} s)" if wait is not None else ""
    allowed = wait is None or wait <= settings.max_retry_after
    return Retry(state, f"HTTP {reply.status} after {{attempts}} attempts{told}", wait, allowed)


def _rate_limit_used_up(reply: Reply, settings: HttpSettings, politeness: Politeness) -> Retry:
    """An API's request quota is used up (GitHub: 403 or 429 with x-ratelimit-remaining 0 and the epoch
    second it resets in x-ratelimit-reset). Waited for if it resets soon; otherwise the host is asked
    nothing more this run."""
    reset = reply.headers.get("x-ratelimit-reset", "")
    wait = max(0.0, int(reset) - politeness.clock.now().timestamp()) if reset.isdigit() else None
    when = f"; it resets in {wait:.0f} s" if wait is not None else ""
    allowed = wait is not None and wait <= settings.max_retry_after
    message = f"HTTP {reply.status}: the request quota is used up{when} (after {{attempts}} attempts)"
    return Retry(State.RATE_LIMITED, message, wait, allowed, stop_host=True)


def _redirect(target: str, method: str, chain: list[str], status: int) -> Step:
    if target in chain:
        return Outcome(State.BROKEN, "redirect loop: " + " -> ".join([*chain, target]), status)
    if len(chain) > MAX_REDIRECTS:
        return Outcome(State.BROKEN, f"more than {MAX_REDIRECTS} redirects", status)
    return SendAgain(method, target)


def _transport_failure(exc: Exception, url: str) -> Retry:
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else f"connection failed ({type(exc).__name__})"
    return Retry(State.TRANSIENT, f"{kind} after {{attempts}} attempts ({urlsplit(url).netloc})")


def check_url(
    fetcher: Fetcher,
    url: str,
    *,
    method: str = "HEAD",
    body_limit: int | None = BODY_LIMIT,
    headers: dict[str, str] | None = None,
) -> Outcome:
    """Ask for url (HEAD, falling back to GET) and say how it ended: ok, redirected, broken, blocked,
    rate_limited, transient or skipped. A 2xx Outcome carries the final reply. headers (a token, say)
    go only to url's own host, never to a redirect elsewhere."""
    if (why := fetcher.blocked_message(url)) is not None:
        return Outcome(State.SKIPPED, f"not sent: {why}")
    settings = fetcher.settings
    chain, retries, delay, status = [url], 0, 0.0, None
    while True:
        try:
            own_host = urlsplit(chain[-1]).netloc == urlsplit(url).netloc
            reply = fetcher.request(
                method, chain[-1], delay=delay, body_limit=body_limit, headers=headers if own_host else None
            )
        except DeadlineExceeded:
            return Outcome(State.SKIPPED, "the run's deadline was reached before this link", status)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            step: Step = _transport_failure(exc, chain[-1])
        else:
            status = reply.status
            step = classify(reply, method, chain, settings, fetcher.politeness)
        delay = 0.0
        if isinstance(step, SendAgain):
            if step.url != chain[-1]:
                chain.append(step.url)
            method = step.method
        elif isinstance(step, Retry):
            if not step.allowed or retries >= settings.retries:
                message = step.message.format(attempts=retries + 1)
                if step.stop_host:
                    fetcher.block(chain[-1], message)
                return Outcome(step.state, message, status)
            delay = step.retry_after if step.retry_after is not None else settings.backoff * 2**retries
            retries += 1
        else:
            if step.state == State.BLOCKED:
                fetcher.block(chain[-1], step.message)
            return step
