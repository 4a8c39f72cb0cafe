"""Writing a file so that nobody reading it (a serving site, the next run) ever sees half of it."""

from __future__ import annotations

import os
from pathlib import Path


def staged_path(path: Path) -> Path:
    """Where a new version of path is written before it is moved over path."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomically(path: Path, text: str) -> None:
    """Write text to a file beside path, then move it over path in one step (os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = staged_path(path)
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)
