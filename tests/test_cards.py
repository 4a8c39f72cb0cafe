"""Social cards: every page's og:image is a 1200×630 PNG that shows the page, in a CJK font, drawn
without the network and drawn once."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap

from PIL import Image, ImageDraw, ImageFont

from devtools.project import FIXTURE_DATA, copy_project, mkdocs_build
from vlmguide.pages import builders
from vlmguide.pages.builders import render_pages
from vlmguide.pages.cards import HEIGHT, WIDTH, Card, CardCache, card_path, draw, font_files
from vlmguide.pages.urls import era_path, url_path

OG_IMAGE = re.compile(r'<meta property="og:image" content="([^"]+)">')


def _card_of(site, page: str) -> Image.Image:
    html = (site / page).read_text(encoding="utf-8")
    [url] = OG_IMAGE.findall(html)
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert f'og:image:width" content="{WIDTH}"' in html and f'og:image:height" content="{HEIGHT}"' in html
    assert 'property="og:image:alt" content="' in html
    path = site / url.split("127.0.0.1:8000/", 1)[1]
    return Image.open(path)


def test_every_page_has_its_own_card(built_site, catalogue):
    site = built_site.site
    pages = [p.relative_to(site) for p in site.rglob("index.html")]
    assert len(pages) > len(catalogue.papers)
    seen = set()
    for page in [*pages, "404.html"]:
        image = _card_of(site, str(page))
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT), page
        seen.add(image.filename)
    assert len(seen) == len(pages)  # one card per page (the 404 page shows the home page's)


def test_a_paper_card_shows_its_name_and_summary_in_a_cjk_font(catalogue):
    """The font has a real glyph (not the empty box) for every character of the summary, and the card
    has text where the name and the summary go."""
    (regular, index), _ = font_files()
    font = ImageFont.truetype(regular, 40, index=index)

    def glyph(char: str) -> bytes:
        image = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(image).text((5, 5), char, font=font, fill=255)
        return image.tobytes()

    missing = glyph("\ue000")  # a private-use character: drawn as the font's empty box
    clip = catalogue.papers_by_id["clip"]
    cjk = {ch for ch in clip.summary if "\u4e00" <= ch <= "\u9fff"}
    assert cjk and all(glyph(ch) != missing for ch in cjk)
    card = Card(clip.name, clip.summary, "提升視覺表徵與簡化架構 · 2021")
    image = Image.open(io.BytesIO(draw(card, "VLM 導讀")))
    grey = image.convert("L")
    headline, body = grey.crop((64, 180, 1136, 280)), grey.crop((64, 300, 1136, 420))
    assert headline.getextrema()[0] < 60 and body.getextrema()[0] < 100  # dark text drawn in both
    assert grey.crop((600, 500, 1136, 560)).getextrema() == (255, 255)  # and nothing where no text goes


def test_cards_are_drawn_once_and_redrawn_when_what_they_show_changes(tmp_path):
    cache = CardCache(tmp_path / "cache")
    cards = {"assets/cards/a.png": Card("CLIP", "摘要"), "assets/cards/b.png": Card("ALIGN", "摘要")}
    cache.write(cards, tmp_path / "site", "導讀")
    first = (tmp_path / "site" / "assets/cards/a.png").read_bytes()
    assert cache.drawn == 2
    cache.write(cards, tmp_path / "site2", "導讀")
    assert cache.drawn == 2 and (tmp_path / "site2" / "assets/cards/a.png").read_bytes() == first
    cache.write({**cards, "assets/cards/a.png": Card("CLIP", "改過的摘要")}, tmp_path / "site3", "導讀")
    assert cache.drawn == 3 and (tmp_path / "site3" / "assets/cards/a.png").read_bytes() != first


def test_above_a_size_papers_share_their_eras_card(catalogue, monkeypatch):
    monkeypatch.setattr(builders, "CARD_PER_PAPER_MAX", len(catalogue.papers) - 1)
    pages = {page.path: page for page in render_pages(catalogue)}
    clip = pages["papers/clip.md"]
    assert clip.card is None and clip.card_from == era_path(catalogue.eras_by_id["representation"])
    assert card_path(url_path(clip.card_from)) == "assets/cards/eras/representation.png"
    assert pages["eras/representation.md"].card is not None


def test_a_build_without_network_and_without_cached_cards_draws_them_all(tmp_path):
    """No font or anything else is fetched: every socket is refused, and the cards are drawn from scratch."""
    guard = tmp_path / "no-network"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(
        textwrap.dedent(
            """
            import socket

            def _refused(*args, **kwargs):
                raise OSError("no network in this build")

            socket.socket.connect = socket.socket.connect_ex = _refused
            socket.create_connection = socket.getaddrinfo = _refused
            """
        ),
        encoding="utf-8",
    )
    env = {"PYTHONPATH": os.pathsep.join([str(guard), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    env["VLMGUIDE_CARD_CACHE"] = str(tmp_path / "empty-cache")
    result = mkdocs_build(copy_project(tmp_path / "project", FIXTURE_DATA), env=env)
    assert result.returncode == 0, result.output
    cards = list((result.site / "assets" / "cards").rglob("*.png"))
    assert len(cards) == len(list(result.site.rglob("index.html")))
    assert len(list((tmp_path / "empty-cache").glob("*.png"))) == len(cards)
    probe = subprocess.run(
        [sys.executable, "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9')"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert "no network in this build" in probe.stderr  # the guard does refuse
