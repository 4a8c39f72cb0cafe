"""What asking for one URL can come to: a State, and the immutable Outcome check_url returns.

The states are the link checker's whole vocabulary (vlmguide.links.results adds CHANGED and
MALFORMED verdicts of its own on top of what HTTP says); which of them count as good is said here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import httpx


class State(str, Enum):  # noqa: UP042 - str() and reports spell the values as they are
    OK = "ok"
    REDIRECTED = "redirected"
    ARCHIVED = "archived"  # a repository its owner made read-only: it answers, and a report says so
    BROKEN = "broken"
    CHANGED = "changed"
    MALFORMED = "malformed"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate_limited"
    TRANSIENT = "transient"
    SKIPPED = "skipped"

    @property
    def good(self) -> bool:
        """The link answered (possibly after redirects): nothing to report, and safe to cache."""
        return self in GOOD


GOOD = frozenset({State.OK, State.REDIRECTED})


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: its status, headers and (at most body_limit bytes of) its body."""

    status: int
    headers: httpx.Headers
    text: str


@dataclass(frozen=True)
class Outcome:
    """How asking for one URL ended. `reply` is the final answer when it was 2xx."""

    state: State
    message: str = ""
    http_status: int | None = None
    final_url: str | None = None
    reply: Reply | None = None
