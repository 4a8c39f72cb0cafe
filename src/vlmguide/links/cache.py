"""The link-check cache: each result with its time and count of consecutive failures.

A good result younger than max_age is reused instead of asking again; a failure
is never reused, so a hiccup is re-checked next run but counted towards --fail-after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from vlmguide.arxiv.outcome import State
from vlmguide.files import write_atomically
from vlmguide.links.results import LinkResult

SCHEMA_VERSION = 1


class CacheError(ValueError):
    """The cache file exists but cannot be used; the message says what to do."""


@dataclass
class Cache:
    path: Path | None
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # JSON objects, as saved

    @classmethod
    def load(cls, path: Path | None) -> Cache:
        if path is None or not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CacheError(f"{path}: not a readable cache ({exc}); delete it to start afresh") from None
        if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
            raise CacheError(f"{path}: cache schema_version is not {SCHEMA_VERSION}; delete it to start afresh")
        entries = data.get("entries")
        if not isinstance(entries, dict):
            raise CacheError(f"{path}: cache has no 'entries' mapping; delete it to start afresh")
        return cls(path, entries)

    def fresh(self, key: str, now: datetime, max_age: timedelta) -> LinkResult | None:
        """A cached good result younger than max_age, or None."""
        entry = self.entries.get(key)
        if not entry or not State(entry["state"]).good:
            return None
        checked = datetime.fromisoformat(str(entry["checked_at"]))
        if now - checked > max_age:
            return None
        result = LinkResult(**{k: v for k, v in entry.items() if k in LinkResult.__dataclass_fields__})
        result.state, result.from_cache = State(entry["state"]), True
        return result

    def record(self, result: LinkResult, now: datetime) -> None:
        """Store result, counting consecutive failures (reset by a good result)."""
        previous = self.entries.get(result.key, {})
        if result.state.good:
            failures = 0
        elif result.state == State.SKIPPED:
            failures = int(previous.get("consecutive_failures", 0))  # not checked: the count stands
        else:
            failures = int(previous.get("consecutive_failures", 0)) + 1
        result.consecutive_failures = failures
        if result.from_cache:
            return
        result.checked_at = now.isoformat(timespec="seconds")
        entry = result.to_json()
        entry.pop("from_cache")
        if result.state == State.SKIPPED and previous:
            entry = {**previous, "consecutive_failures": failures}  # keep the last real answer
        self.entries[result.key] = entry

    def save(self) -> None:
        if self.path is None:
            return
        text = json.dumps(
            {"schema_version": SCHEMA_VERSION, "entries": self.entries}, ensure_ascii=False, indent=1, sort_keys=True
        )
        write_atomically(self.path, text + "\n")
