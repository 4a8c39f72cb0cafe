"""SVG graphics built at build time: the lineage graph and the timeline. No JavaScript.

Layout is computed here as plain boxes so tests can check it (no overlaps, edges
between existing papers); `svg()` only draws the boxes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

from vlmguide.catalogue.model import Catalogue, Paper

# Light fills with dark text: readable (WCAG AA) in both colour schemes' page backgrounds.
# Eras take them in turn; an eighth era starts again from the first (era_fill).
ERA_FILLS = ("#dbeafe", "#fde68a", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa", "#c7d2fe")
CHAR_WIDTH = 7.2  # px per character at 12px sans-serif, generous for Latin model names
BOX_HEIGHT = 24
BOX_MIN_WIDTH = 56.0
BOX_PADDING = 16  # around a box's label, both sides together
BOX_GAP = 12  # between two boxes side by side
TEXT_BASELINE = 4  # below a box's middle: where its label's baseline sits


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
    return max(BOX_MIN_WIDTH, len(paper.name) * CHAR_WIDTH + BOX_PADDING)


def era_fill(catalogue: Catalogue, era_id: str) -> str:
    """The colour of an era, wherever it is drawn: boxes, lanes, legends and the timeline list."""
    index = [e.id for e in catalogue.eras].index(era_id)
    return ERA_FILLS[index % len(ERA_FILLS)]


def _box(catalogue: Catalogue, paper: Paper, href: Callable[[Paper], str], *, x: float, y: float) -> Box:
    """The paper's box with its top-left corner at (x, y): its name, era colour, link and tooltip."""
    return Box(
        paper_id=paper.id,
        label=paper.name,
        x=x,
        y=y,
        width=_label_width(paper),
        height=BOX_HEIGHT,
        fill=era_fill(catalogue, paper.era),
        href=href(paper),
        title=f"{paper.name} ({paper.published or paper.year}): {paper.title or ''}",
    )


# Lineage graphs run top to bottom: each year a band of rows, its papers left to right, wrapping at
# the drawing's width, so the whole graph fits the page (LINEAGE_WIDTH, scaled to the column on a
# desktop) or a phone (LINEAGE_NARROW_WIDTH) and only ever grows downwards.
LINEAGE_WIDTH = 1000.0
LINEAGE_NARROW_WIDTH = 340.0
# Above this many papers one graph would be unreadable and heavy: the lineage page draws a graph per
# era instead (eras above it too get a link to their table), and every paper page has its own.
LINEAGE_MAX_PAPERS = 150  # two drawings (wide, narrow) of 150 papers: about 100 KB of HTML
_YEAR_MARGIN = 48.0  # the year labels' column
_ROW = BOX_HEIGHT + 30  # a row of boxes and the room its edges curve through
_YEAR_GAP = 10  # a little more room between years than between rows
_LINEAGE_TOP = 12.0
_EDGE_MARGIN = 4  # between the last box of a row and the drawing's right edge


def _lineage_depth(catalogue: Catalogue) -> dict[str, int]:
    """Within a year, how many same-year papers a paper builds on in a chain: its row group."""
    depth: dict[str, int] = {}

    def layer(paper: Paper) -> int:
        if paper.id not in depth:
            same_year = [
                catalogue.papers_by_id[e] for e in paper.builds_on if catalogue.papers_by_id[e].year == paper.year
            ]
            depth[paper.id] = 1 + max((layer(e) for e in same_year), default=-1)
        return depth[paper.id]

    for paper in catalogue.papers:
        layer(paper)
    return depth


def lineage_layout(
    catalogue: Catalogue,
    href: Callable[[Paper], str],
    width: float = LINEAGE_WIDTH,
    papers: Sequence[Paper] | None = None,
) -> Layout:
    """Papers (default: all) in bands by year, top to bottom; within a year by depth of lineage, so
    every edge runs downwards; each group's papers left to right in date order, wrapping at width.
    Edges join the papers drawn."""
    depth = _lineage_depth(catalogue)
    drawn = catalogue.papers if papers is None else papers
    groups: dict[tuple[int, int], list[Paper]] = {}
    for paper in drawn:
        groups.setdefault((paper.year, depth[paper.id]), []).append(paper)
    layout = Layout(width=width, height=0)
    y, previous_year = _LINEAGE_TOP, None
    for key in sorted(groups):
        if key[0] != previous_year:
            if previous_year is not None:
                y += _YEAR_GAP
            layout.labels.append((_EDGE_MARGIN, y + BOX_HEIGHT / 2 + TEXT_BASELINE, str(key[0])))
            previous_year = key[0]
        x = _YEAR_MARGIN
        for paper in sorted(groups[key], key=lambda p: (p.published or dt.date(p.year, 1, 1), p.number)):
            if x > _YEAR_MARGIN and x + _label_width(paper) > width - _EDGE_MARGIN:
                x, y = _YEAR_MARGIN, y + _ROW
            layout.boxes[paper.id] = box = _box(catalogue, paper, href, x=x, y=y)
            x += box.width + BOX_GAP
        y += _ROW
    layout.height = y - _ROW + BOX_HEIGHT + _LINEAGE_TOP
    layout.edges = [(e, paper.id) for paper in drawn for e in paper.builds_on if e in layout.boxes]
    return layout


_NEIGHBOURHOOD_MARGIN = 8.0  # above, below and at the sides of a paper's own graph


def neighbourhood_layout(
    catalogue: Catalogue, paper: Paper, href: Callable[[Paper], str], width: float = LINEAGE_NARROW_WIDTH
) -> Layout:
    """A paper's own lineage: what it builds on above it, what builds on it below, each row centred."""
    rows = [
        [catalogue.papers_by_id[e] for e in paper.builds_on],
        [paper],
        list(catalogue.built_upon_by.get(paper.id, [])),
    ]
    layout = Layout(width=width, height=0)
    y = _NEIGHBOURHOOD_MARGIN
    for row in rows:
        lines: list[list[Paper]] = [[]]
        used = 0.0
        for item in row:
            w = _label_width(item) + BOX_GAP
            if lines[-1] and used + w > width - _NEIGHBOURHOOD_MARGIN:
                lines.append([])
                used = 0.0
            lines[-1].append(item)
            used += w
        for line in lines if row else []:
            total = sum(_label_width(p) for p in line) + BOX_GAP * (len(line) - 1)
            x = (width - total) / 2
            for item in line:
                layout.boxes[item.id] = box = _box(catalogue, item, href, x=x, y=y)
                x += box.width + BOX_GAP
            y += _ROW
    layout.height = y - _ROW + BOX_HEIGHT + _NEIGHBOURHOOD_MARGIN
    layout.edges = [(e, paper.id) for e in paper.builds_on] + [(paper.id, p.id) for p in rows[2]]
    return layout


_TIMELINE_MARGIN = 12.0  # left and right of the time axis
_AXIS_LABEL_Y = 20  # the years' labels
_TICK_TOP = 26  # where the year lines start, below the labels
_TIMELINE_TOP = 36.0  # the first era's band
_LANE_PADDING = 6  # above the first row of boxes in a band (and below the last)
_ROW_GAP = 4  # between rows of boxes in a band, and the least room between two boxes in a row
_LANE_GAP = 8  # between two eras' bands


def timeline_layout(catalogue: Catalogue, href: Callable[[Paper], str], width: float = 1100.0) -> Layout:
    """Papers on a time axis by first-version date, one band per era; labels packed into rows without overlap."""

    def date_of(paper: Paper) -> dt.date:
        return paper.published or dt.date(paper.year, 7, 1)

    first = min(date_of(p) for p in catalogue.papers)
    last = max(date_of(p) for p in catalogue.papers)
    start, end = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
    left, right = _TIMELINE_MARGIN, width - _TIMELINE_MARGIN
    label_space = max(_label_width(p) for p in catalogue.papers)
    scale = (right - left - label_space) / (end - start).days
    layout = Layout(width=width, height=0)
    y = _TIMELINE_TOP
    for era in catalogue.eras:
        rows: list[float] = []  # right edge of the last box in each row
        band_top = y
        for paper in sorted(catalogue.papers_in(era), key=date_of):
            x = left + (date_of(paper) - start).days * scale
            row = next((i for i, edge in enumerate(rows) if edge + _ROW_GAP <= x), None)
            if row is None:
                rows.append(0.0)
                row = len(rows) - 1
            box = _box(catalogue, paper, href, x=x, y=band_top + _LANE_PADDING + row * (BOX_HEIGHT + _ROW_GAP))
            rows[row] = x + box.width
            layout.boxes[paper.id] = box
        height = 2 * _LANE_PADDING + len(rows) * (BOX_HEIGHT + _ROW_GAP)
        layout.lanes.append((band_top, height, era_fill(catalogue, era.id)))
        y = band_top + height + _LANE_GAP
    for year in range(start.year, end.year):
        x = left + (dt.date(year, 1, 1) - start).days * scale
        layout.labels.append((x, _AXIS_LABEL_Y, str(year)))
    layout.height = y + _ROW_GAP
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
            parts.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{_TICK_TOP}" y2="{layout.height:.0f}"/>')
    for earlier, later in layout.edges:
        a, b = layout.boxes[earlier], layout.boxes[later]
        # Lineage graphs run top to bottom: from the bottom of the earlier box to the top of the later.
        x1, y1, x2, y2 = a.x + a.width / 2, a.y + a.height, b.x + b.width / 2, b.y
        mid = (y1 + y2) / 2
        curve = f"C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}"
        parts.append(f'<path class="edge" d="M{x1:.1f},{y1:.1f} {curve}"/>')
    for box in layout.boxes.values():
        parts.append(
            f'<a href="{escape(box.href)}"><title>{_text(box.title)}</title>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height}" rx="5" fill="{box.fill}"/>'
            f'<text x="{box.x + box.width / 2:.1f}" y="{box.y + box.height / 2 + TEXT_BASELINE:.1f}" '
            'text-anchor="middle">'
            f"{_text(box.label)}</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)
