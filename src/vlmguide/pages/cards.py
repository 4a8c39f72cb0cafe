"""Social cards: a 1200×630 PNG for every page, what a shared link shows in LINE, Facebook, X or Slack.

Drawn with Pillow in Noto Sans CJK TC (Debian's fonts-noto-cjk, which scripts/setup.sh installs),
so the Chinese renders as Chinese and no font is fetched: a build asks the network for nothing.
A card's text is drawn as pixels, so no text of the catalogue ever reaches it as markup.

Cards are kept in a cache folder keyed by everything they show (and the layout and the fonts), so
an unchanged page costs a file copy on the next build or save. Above CARD_PER_PAPER_MAX papers,
paper pages share their era's card: a card takes about 25 ms to draw, and a catalogue that large
would spend minutes drawing them on a cold cache.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1200, 630
LAYOUT_VERSION = "1"  # change it when the drawing changes: every cached card is drawn anew
CARD_PER_PAPER_MAX = 500
CARDS_DIR = "assets/cards"
SITE_COLOUR = "#3f51b5"  # the theme's indigo (mkdocs.yml palette)
_MARGIN = 64
_TEXT = "#1a1a1a"
_SOFT_TEXT = "#3c3c3c"


class CardFontError(RuntimeError):
    """The CJK font the cards are drawn in is not installed."""


@dataclass(frozen=True)
class Card:
    """What one card shows."""

    headline: str  # the paper's name, or the page's title
    body: str  # the paper's one-line summary, or the page's description
    kicker: str = ""  # above the headline: a paper's era and year
    accent: str = SITE_COLOUR  # the bar down the left edge: a paper's or an era's colour
    footer: str = ""  # along the bottom: a paper's arXiv ID and English title

    def key(self, site_name: str, fonts: tuple[str, ...]) -> str:
        parts = (LAYOUT_VERSION, site_name, *fonts, self.headline, self.body, self.kicker, self.accent, self.footer)
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def card_path(url: str) -> str:
    """Where a page's card is, below the site's root: papers/clip/ -> assets/cards/papers/clip.png."""
    stem = url.removesuffix("/").removesuffix(".html").removesuffix("/index") or "index"
    return f"{CARDS_DIR}/{stem}.png"


@functools.cache
def font_files() -> tuple[tuple[str, int], tuple[str, int]]:
    """(regular, bold) Noto Sans CJK TC as (file, index in the collection), found through fontconfig."""
    found = []
    for style in ("Regular", "Bold"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{family}|%{file}|%{index}", f"Noto Sans CJK TC:style={style}"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        family, _, rest = out.partition("|")
        file, _, index = rest.partition("|")
        if "Noto Sans CJK TC" not in family or not Path(file).is_file():
            raise CardFontError(
                "the social cards are drawn in Noto Sans CJK TC, which is not installed: "
                "install Debian's fonts-noto-cjk (bash scripts/setup.sh does)"
            )
        found.append((file, int(index or 0)))
    return found[0], found[1]


@functools.cache
def _font(bold: bool, size: int) -> Any:
    from PIL import ImageFont

    file, index = font_files()[bold]
    return ImageFont.truetype(file, size, index=index)


# A line may break between CJK characters, and between words of Latin text (never inside one).
_TOKENS = re.compile(r"[A-Za-z0-9][\w.+\-/'’]*|\s+|.", re.S)


def wrap(text: str, font: Any, width: float, max_lines: int) -> list[str]:
    """text in at most max_lines lines no wider than width; what does not fit ends in an ellipsis."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if font.getlength(line + token) <= width or not line.strip():
            line += token
            continue
        lines.append(line.rstrip())
        line = token.lstrip()
    lines.append(line.rstrip())
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    return [*lines[: max_lines - 1], last.rstrip() + "…"]


def draw(card: Card, site_name: str) -> bytes:
    """The card as PNG bytes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    pen = ImageDraw.Draw(image)
    band = 96
    pen.rectangle((0, 0, WIDTH, band), fill=SITE_COLOUR)
    pen.text((_MARGIN, band // 2), site_name, font=_font(False, 36), fill="#ffffff", anchor="lm")
    pen.rectangle((0, band, 20, HEIGHT), fill=card.accent)
    width, y = WIDTH - 2 * _MARGIN, band + 44
    if card.kicker:
        kicker = _font(False, 34)
        pen.text((_MARGIN, y), wrap(card.kicker, kicker, width, 1)[0], font=kicker, fill=SITE_COLOUR)
        y += 56
    headline = _font(True, 76)
    for line in wrap(card.headline, headline, width, 2):
        pen.text((_MARGIN, y), line, font=headline, fill=_TEXT)
        y += 96
    bottom = HEIGHT - (84 if card.footer else 40)
    body = _font(False, 40)
    for line in wrap(card.body, body, width, max(1, (bottom - y - 16) // 58)):
        pen.text((_MARGIN, y + 16), line, font=body, fill=_SOFT_TEXT)
        y += 58
    if card.footer:
        footer = _font(False, 28)
        pen.text(
            (_MARGIN, HEIGHT - 48), wrap(card.footer, footer, width, 1)[0], font=footer, fill="#6b6b6b", anchor="lm"
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def default_cache_dir() -> Path:
    """$VLMGUIDE_CARD_CACHE, else the user's cache folder: cards are keyed by content, so every
    build of any copy of the project may share them."""
    if folder := os.environ.get("VLMGUIDE_CARD_CACHE"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vlmguide" / "cards"


class CardCache:
    """Drawn cards, one PNG per key; `drawn` counts those drawn (not found) by this instance."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir()
        self.drawn = 0

    def png(self, card: Card, site_name: str) -> Path:
        """The card's PNG in the cache, drawn first if it is not there yet."""
        fonts = tuple(f"{file}:{index}" for file, index in font_files())
        path = self.folder / f"{card.key(site_name, fonts)}.png"
        if not path.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as tmp:
                tmp.write(draw(card, site_name))
            os.replace(tmp.name, path)  # whole or not at all, even with builds running side by side
            self.drawn += 1
        return path

    def write(self, cards: dict[str, Card], site_dir: Path, site_name: str) -> None:
        """Each card at its path under site_dir: a hard link to the cached file where the file system
        allows one (a card is never changed in place), else a copy."""
        for path, card in cards.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            cached = self.png(card, site_name)
            target.unlink(missing_ok=True)
            try:
                os.link(cached, target)
            except OSError:
                shutil.copyfile(cached, target)
