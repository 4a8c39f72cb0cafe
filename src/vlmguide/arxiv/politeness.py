"""Politeness: per-group request pacing, Retry-After, hosts that blocked us, a global deadline.

Time comes from an injected clock so the rules are tested exactly and fast.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Clock:
    """monotonic() for intervals, now() for HTTP dates, sleep() to wait; all replaceable in tests."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class DeadlineExceeded(Exception):
    """The run's global deadline would pass before the next request could be sent."""


@dataclass
class Pacer:
    """At most one request per `interval` seconds and one at a time, for one group of hosts."""

    interval: float
    clock: Clock
    deadline: float
    _last: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0

    def wait_turn(self, extra_delay: float = 0.0) -> None:
        """Sleep until this group may send again (and extra_delay, e.g. from Retry-After)."""
        now = self.clock.monotonic()
        ready = max(now + extra_delay, (self._last + self.interval) if self._last is not None else now)
        if ready > self.deadline:
            raise DeadlineExceeded
        if ready > now:
            self.clock.sleep(ready - now)

    def __enter__(self) -> Pacer:
        self._lock.acquire()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.requests += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._last = self.clock.monotonic()
        self.in_flight -= 1
        self._lock.release()


@dataclass
class Politeness:
    """Pacers per host group and the hosts that blocked us, shared by every request of a run."""

    clock: Clock
    deadline: float
    arxiv_interval: float
    other_interval: float
    arxiv_hosts: set[str]
    pacers: dict[str, Pacer] = field(default_factory=dict)
    blocked: dict[str, str] = field(default_factory=dict)  # group -> message
    _lock: threading.Lock = field(default_factory=threading.Lock)  # host groups run in threads of their own

    def group(self, host: str) -> str:
        """arxiv.org and export.arxiv.org (and their stand-ins) count as one group."""
        if host in self.arxiv_hosts or host == "arxiv.org" or host.endswith(".arxiv.org"):
            return "arxiv"
        return host

    def pacer(self, host: str) -> Pacer:
        group = self.group(host)
        with self._lock:
            if group not in self.pacers:
                interval = self.arxiv_interval if group == "arxiv" else self.other_interval
                self.pacers[group] = Pacer(interval, self.clock, self.deadline)
            return self.pacers[group]
