"""A one-character fix to Material's search worker, so Chinese queries match whole words.

Material (9.8.1) segments a Chinese query in the browser by looking up its
substrings in the index's vocabulary, but its loop stops one character short
(`o<t.length`), so the query's last word is never looked up whole: 對比學習 is
searched as 對比* (every 對比… token) and 幻覺 after a one-character word is
dropped. With `o<=t.length` the query is segmented by longest match against the
same vocabulary jieba produced at build time. Measured with scripts/search_quality.py.

The loop is recognised by its shape, whatever names the minifier gave its variables; if
Material changes it, the build fails with a message instead of silently shipping worse search.
"""

from __future__ import annotations

import re
from pathlib import Path

from vlmguide.mkdocs.theme_assets import rewrite_asset

WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
# for(let o=s+1;o<t.length;o++)t.slice(s,o)in e  (fixed: o<=t.length), any variable names.
_NAME = r"[\w$]+"
SEGMENTATION_LOOP = re.compile(
    rf"for\(let (?P<end>{_NAME})=(?P<start>{_NAME})\+1;(?P=end)(?P<compare><=?)(?P<query>{_NAME})\.length;"
    rf"(?P=end)\+\+\)(?P=query)\.slice\((?P=start),(?P=end)\)in {_NAME}"
)


class SearchFixError(RuntimeError):
    """The search worker does not look like the one this fix was written for."""


def with_segmentation(code: str, *, fixed: bool, name: str = "the search worker") -> str:
    """code with its query segmentation loop fixed (or, fixed=False, as Material ships it)."""
    loops = list(SEGMENTATION_LOOP.finditer(code))
    if len(loops) != 1:
        raise SearchFixError(
            f"{name}: Material's Chinese query segmentation changed ({len(loops)} loops of the expected shape); "
            "review src/vlmguide/mkdocs/search_fix.py against the new worker before upgrading"
        )
    loop = loops[0]
    compare = "<=" if fixed else "<"
    start, end = loop.span("compare")
    return code[:start] + compare + code[end:]


def fix_search_worker(site_dir: Path) -> Path:
    """Apply the fix to the built site's search worker (once: a dirty rebuild finds it fixed); return its path."""
    return rewrite_asset(
        site_dir, WORKER_GLOB, lambda code, name: with_segmentation(code, fixed=True, name=name), SearchFixError
    )
