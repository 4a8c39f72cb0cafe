"""SVG graphics built at build time: the lineage graph and the timeline. No JavaScript.

Layout is computed here as plain boxes so tests can check it (no overlaps, edges
between existing papers); `svg()` only draws the boxes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from vlmguide.catalogue.model import Catalogue, Paper

# Light fills with dark text: readable (WCAG AA) in both colour schemes' page backgrounds.
ERA_FILLS = ["#dbeafe", "#fde68a", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa", "#c7d2fe"]
CHAR_WIDTH = 7.2  # px per character at 12px sans-serif, generous for Latin model names
BOX_HEIGHT = 24


@dataclass(frozen=True)
class Box:
    paper_id: str
    label: str
    x: float
    y: float
    width: float
    height: float
    fill: str
    href: str
    title: str

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.x + self.width + gap <= other.x
            or other.x + other.width + gap <= self.x
            or self.y + self.height + gap <= other.y
            or other.y + other.height + gap <= self.y
        )


@dataclass
class Layout:
    width: float
    height: float
    boxes: dict[str, Box] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)  # (earlier, later)
    labels: list[tuple[float, float, str]] = field(default_factory=list)  # axis and lane labels
    lanes: list[tuple[float, float, str]] = field(default_factory=list)  # (y, height, fill) bands


def _label_width(paper: Paper) -> float:
    return max(56.0, len(paper.name) * CHAR_WIDTH + 16)


def _fill(catalogue: Catalogue, paper: Paper) -> str:
    index = [e.id for e in catalogue.eras].index(paper.era)
    return ERA_FILLS[index % len(ERA_FILLS)]


def _tooltip(paper: Paper) -> str:
    return f"{paper.name} ({paper.published or paper.year}): {paper.title or ''}"


def lineage_layout(catalogue: Catalogue, href) -> Layout:
    """Papers in columns by year, and within a year by depth of lineage, so every edge runs rightwards."""
    depth: dict[str, int] = {}

    def layer(paper: Paper) -> int:
        if paper.id not in depth:
            same_year = [
                catalogue.papers_by_id[e] for e in paper.builds_on if catalogue.papers_by_id[e].year == paper.year
            ]
            depth[paper.id] = 1 + max((layer(e) for e in same_year), default=-1)
        return depth[paper.id]

    columns: dict[tuple[int, int], list[Paper]] = {}
    for paper in catalogue.papers:
        columns.setdefault((paper.year, layer(paper)), []).append(paper)
    column_width = max(_label_width(p) for p in catalogue.papers) + 48
    top, row = 40.0, BOX_HEIGHT + 10
    layout = Layout(width=len(columns) * column_width + 24, height=0)
    previous_year = None
    for index, key in enumerate(sorted(columns)):
        x = 12 + index * column_width
        if key[0] != previous_year:
            layout.labels.append((x, 20, str(key[0])))
            previous_year = key[0]
        for position, paper in enumerate(
            sorted(columns[key], key=lambda p: (p.published or dt.date(p.year, 1, 1), p.number))
        ):
            layout.boxes[paper.id] = Box(
                paper.id,
                paper.name,
                x,
                top + position * row,
                _label_width(paper),
                BOX_HEIGHT,
                _fill(catalogue, paper),
                href(paper),
                _tooltip(paper),
            )
    layout.height = max(b.y + b.height for b in layout.boxes.values()) + 16
    layout.edges = [(earlier, paper.id) for paper in catalogue.papers for earlier in paper.builds_on]
    return layout


def timeline_layout(catalogue: Catalogue, href, width: float = 1100.0) -> Layout:
    """Papers on a time axis by first-version date, one band per era; labels packed into rows without overlap."""

    def date_of(paper: Paper) -> dt.date:
        return paper.published or dt.date(paper.year, 7, 1)

    first = min(date_of(p) for p in catalogue.papers)
    last = max(date_of(p) for p in catalogue.papers)
    start, end = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
    left, right = 12.0, width - 12
    label_space = max(_label_width(p) for p in catalogue.papers)
    scale = (right - left - label_space) / (end - start).days
    layout = Layout(width=width, height=0)
    y = 36.0
    for era_index, era in enumerate(catalogue.eras):
        rows: list[float] = []  # right edge of the last box in each row
        band_top = y
        for paper in sorted(catalogue.papers_in(era), key=date_of):
            x = left + (date_of(paper) - start).days * scale
            w = _label_width(paper)
            row = next((i for i, edge in enumerate(rows) if edge + 4 <= x), None)
            if row is None:
                rows.append(0.0)
                row = len(rows) - 1
            rows[row] = x + w
            layout.boxes[paper.id] = Box(
                paper.id,
                paper.name,
                x,
                band_top + 6 + row * (BOX_HEIGHT + 4),
                w,
                BOX_HEIGHT,
                _fill(catalogue, paper),
                href(paper),
                _tooltip(paper),
            )
        height = 12 + len(rows) * (BOX_HEIGHT + 4)
        layout.lanes.append((band_top, height, ERA_FILLS[era_index % len(ERA_FILLS)]))
        y = band_top + height + 8
    for year in range(start.year, end.year):
        x = left + (dt.date(year, 1, 1) - start).days * scale
        layout.labels.append((x, 20, str(year)))
    layout.height = y + 4
    return layout


def _text(value: str) -> str:
    """Escaped for SVG, brackets included, so no Markdown processor could ever read a link in it."""
    return escape(value).replace("[", "&#91;").replace("]", "&#93;")


def svg(layout: Layout, title: str) -> str:
    """The layout as an inline SVG; every box is a link to its paper's page."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vlm-graphic" role="group" aria-label="{_text(title)}" '
        f'width="{layout.width:.0f}" height="{layout.height:.0f}" viewBox="0 0 {layout.width:.0f} {layout.height:.0f}">',
        f"<title>{_text(title)}</title>",
    ]
    for y, height, fill in layout.lanes:
        parts.append(
            f'<rect class="lane" x="0" y="{y:.1f}" width="{layout.width:.0f}" height="{height:.1f}" '
            f'fill="{fill}" fill-opacity="0.25"/>'
        )
    for x, y, text in layout.labels:
        parts.append(f'<text class="axis" x="{x:.1f}" y="{y:.1f}">{_text(text)}</text>')
        if layout.lanes:
            parts.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="26" y2="{layout.height:.0f}"/>')
    for earlier, later in layout.edges:
        a, b = layout.boxes[earlier], layout.boxes[later]
        x1, y1, x2, y2 = a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2
        mid = (x1 + x2) / 2
        parts.append(
            f'<path class="edge" d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"/>'
        )
    for box in layout.boxes.values():
        parts.append(
            f'<a href="{escape(box.href)}"><title>{_text(box.title)}</title>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height}" rx="5" fill="{box.fill}"/>'
            f'<text x="{box.x + box.width / 2:.1f}" y="{box.y + box.height / 2 + 4:.1f}" text-anchor="middle">'
            f"{_text(box.label)}</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)
