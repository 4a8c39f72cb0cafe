"""What a link check produces: one LinkResult per link, in one of a fixed set of states."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class State(str, Enum):  # noqa: UP042 - str() and reports spell the values as they are
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    CHANGED = "changed"
    MALFORMED = "malformed"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate_limited"
    TRANSIENT = "transient"
    SKIPPED = "skipped"


# States that fail the run at once, and states that fail it only after N consecutive runs.
FAIL_NOW = {State.BROKEN, State.CHANGED, State.MALFORMED}
FAIL_IF_PERSISTENT = {State.BLOCKED, State.TRANSIENT, State.RATE_LIMITED}
GOOD = {State.OK, State.REDIRECTED}


@dataclass
class LinkResult:
    """The outcome for one link; `source` is file:line of what an editor changes to fix it."""

    url: str
    state: State
    kind: str = "external"  # "arxiv" (metadata), "internal", "external", "offline"
    arxiv_id: str | None = None
    paper_id: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    message: str = ""
    source: str | None = None
    checked_at: str | None = None
    consecutive_failures: int = 0
    from_cache: bool = False

    @property
    def key(self) -> str:
        return f"arxiv:{self.arxiv_id}" if self.kind == "arxiv" else self.url

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["state"] = self.state.value
        return data
