"""Rewriting one of Material's built assets in site/: the one file a glob names, changed only if needed.

The fixes to Material's scripts (vlmguide.mkdocs.search_fix, vlmguide.mkdocs.language_alternates,
vlmguide.mkdocs.search_loading)
are applied to the built site this way, after every build (under `mkdocs serve` too, where a
rebuild may find the file already fixed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"  # Material's script, changed by two modules


def rewrite_asset(site_dir: Path, pattern: str, transform: Callable[[str, str], str], error: type[Exception]) -> Path:
    """Apply transform(code, file name) to the one file under site_dir matching pattern and write the
    result if it differs; raise error if not exactly one file matches. Returns the file's path."""
    found = sorted(site_dir.glob(pattern))
    if len(found) != 1:
        raise error(f"expected one file matching {pattern} in {site_dir}, found {len(found)}")
    asset = found[0]
    code = asset.read_text(encoding="utf-8")
    changed = transform(code, asset.name)
    if changed != code:
        asset.write_text(changed, encoding="utf-8")
    return asset
