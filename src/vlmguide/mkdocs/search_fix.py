"""A one-character fix to Material's search worker, so Chinese queries match whole words.

Material (9.8.1) segments a Chinese query in the browser by looking up its
substrings in the index's vocabulary, but its loop stops one character short
(`o<t.length`), so the query's last word is never looked up whole: 對比學習 is
searched as 對比* (every 對比… token) and 幻覺 after a one-character word is
dropped. With `o<=t.length` the query is segmented by longest match against the
same vocabulary jieba produced at build time. Measured with scripts/search_quality.py.

The pattern is checked exactly: if Material changes its worker, the build
fails with a message instead of silently shipping worse search.
"""

from __future__ import annotations

from pathlib import Path

BROKEN = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"


class SearchFixError(RuntimeError):
    """The search worker does not look like the one this fix was written for."""


def fix_search_worker(site_dir: Path) -> Path:
    """Apply the fix to the built site's search worker; return the worker's path."""
    workers = sorted(site_dir.glob(WORKER_GLOB))
    if len(workers) != 1:
        raise SearchFixError(f"expected one search worker matching {WORKER_GLOB} in {site_dir}, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if code.count(FIXED) == 1 and BROKEN not in code:
        return worker  # already fixed (e.g. a dirty rebuild under mkdocs serve)
    if code.count(BROKEN) != 1:
        raise SearchFixError(
            f"{worker.name}: Material's Chinese query segmentation changed; review "
            "src/vlmguide/search_fix.py against the new worker before upgrading"
        )
    worker.write_text(code.replace(BROKEN, FIXED), encoding="utf-8")
    return worker
