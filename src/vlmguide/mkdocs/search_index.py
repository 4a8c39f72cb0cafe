"""The search index written as UTF-8 rather than ASCII escapes.

Material writes search/search_index.json with json.dumps' defaults, so every Chinese
character becomes a six-byte \\uXXXX escape, and so does each zero-width space jieba's
segmentation puts between words. Every reader's browser fetches and parses this file, and
it grows with the catalogue; written as UTF-8 it carries the same JSON in about half the
bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from vlmguide.files import write_atomically

INDEX = "search/search_index.json"


def write_as_utf8(site_dir: Path) -> None:
    """Rewrite the built site's search index as compact UTF-8 JSON."""
    path = site_dir / INDEX
    data = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_atomically(path, text)  # readers of a serving site never see half a file
