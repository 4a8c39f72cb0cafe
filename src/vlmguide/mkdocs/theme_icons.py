"""Material's icons as inline SVG, as its emoji extension writes :material-...: icons."""

from __future__ import annotations

import functools
from pathlib import Path

import material
from markupsafe import Markup

_ICONS = Path(material.__file__).parent / "templates" / ".icons"


@functools.cache
def material_icon(name: str) -> Markup:
    """An icon by name, e.g. "material/file-pdf-box" (vlmguide.pages.templating.Icons)."""
    svg = (_ICONS / f"{name}.svg").read_text(encoding="utf-8")
    return Markup(f'<span class="twemoji">{svg.strip()}</span>')
