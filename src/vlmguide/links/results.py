"""What a link check produces: one LinkResult per link, and which states fail a run."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass

from vlmguide.arxiv.outcome import GOOD, Outcome, State

# States that fail the run at once, and states that fail it only after N consecutive runs.
FAIL_NOW = frozenset({State.BROKEN, State.CHANGED, State.MALFORMED})
FAIL_IF_PERSISTENT = frozenset({State.BLOCKED, State.TRANSIENT, State.RATE_LIMITED})
# States a report does not list unless they fail (or say what to write instead, LinkResult.fix): the
# link is fine, or was not checked this run. ARCHIVED is neither: listed, but it never fails a run.
UNREMARKABLE = GOOD | {State.SKIPPED}


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
    fix: str | None = None  # the URL to write at `source` instead (a renamed repository's address)
    checked_at: str | None = None
    consecutive_failures: int = 0
    from_cache: bool = False

    @property
    def key(self) -> str:
        return f"arxiv:{self.arxiv_id}" if self.kind == "arxiv" else self.url

    def checked(self, outcome: Outcome) -> LinkResult:
        """This link as the HTTP check of its URL found it."""
        return dataclasses.replace(
            self,
            state=outcome.state,
            message=outcome.message,
            http_status=outcome.http_status,
            final_url=outcome.final_url,
        )

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["state"] = self.state.value
        return data
