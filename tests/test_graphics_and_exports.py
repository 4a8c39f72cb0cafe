"""Lineage graph and timeline layout; every download parsed back and compared with the (fixture) catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re

import bibtexparser
import jsonschema
import pytest

from devtools.project import ROOT
from tests.conftest import FIXTURES
from vlmguide.editing.note import parse_note
from vlmguide.pages import bibtex, graphics
from vlmguide.pages.exports import CSV_COLUMNS, LIST_SEPARATOR, CatalogueExport, downloads


def href(paper):
    return f"../papers/{paper.id}/"


@pytest.mark.parametrize(
    "layout",
    [
        graphics.lineage_layout,
        functools.partial(graphics.lineage_layout, width=graphics.LINEAGE_NARROW_WIDTH),
        graphics.timeline_layout,
    ],
    ids=["lineage", "lineage-narrow", "timeline"],
)
def test_layout_places_every_paper_without_overlap(catalogue, layout):
    layout = layout(catalogue, href)
    boxes = list(layout.boxes.values())
    assert {b.paper_id for b in boxes} == {p.id for p in catalogue.papers}
    for i, a in enumerate(boxes):
        assert a.x >= 0 and a.x + a.width <= layout.width and a.y >= 0 and a.y + a.height <= layout.height, a
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a.paper_id, b.paper_id)


def test_lineage_edges_join_existing_papers_and_run_downwards(catalogue):
    layout = graphics.lineage_layout(catalogue, href)
    expected = {(e, p.id) for p in catalogue.papers for e in p.builds_on}
    assert set(layout.edges) == expected and len(expected) >= 30
    for earlier, later in layout.edges:
        assert layout.boxes[earlier].y + layout.boxes[earlier].height < layout.boxes[later].y
    assert layout.width == graphics.LINEAGE_WIDTH  # it grows downwards only, so it fits the page


def test_a_lineage_graph_of_some_papers_draws_only_their_edges(catalogue):
    era = catalogue.eras_by_id[catalogue.papers_by_id["blip-2"].era]
    papers = catalogue.papers_in(era)
    layout = graphics.lineage_layout(catalogue, href, papers=papers)
    assert set(layout.boxes) == {p.id for p in papers}
    assert layout.edges and all(a in layout.boxes and b in layout.boxes for a, b in layout.edges)


def test_a_papers_neighbourhood_puts_what_it_builds_on_above_and_its_successors_below(catalogue):
    paper = catalogue.papers_by_id["blip-2"]
    later = catalogue.built_upon_by[paper.id]
    layout = graphics.neighbourhood_layout(catalogue, paper, href)
    assert set(layout.boxes) == {paper.id, *paper.builds_on, *(p.id for p in later)}
    centre = layout.boxes[paper.id]
    assert all(layout.boxes[e].y < centre.y for e in paper.builds_on)
    assert all(layout.boxes[p.id].y > centre.y for p in later)
    assert all(b.x >= 0 and b.x + b.width <= layout.width for b in layout.boxes.values())
    assert set(layout.edges) == {(e, paper.id) for e in paper.builds_on} | {(paper.id, p.id) for p in later}


def test_timeline_is_in_date_order_within_an_era(catalogue):
    layout = graphics.timeline_layout(catalogue, href)
    for era in catalogue.eras:
        papers = sorted(catalogue.papers_in(era), key=lambda p: p.published or dt.date(p.year, 7, 1))
        xs = [layout.boxes[p.id].x for p in papers]
        assert xs == sorted(xs)


def test_svg_nodes_are_links_and_text_is_escaped(catalogue):
    svg = graphics.svg(graphics.lineage_layout(catalogue, href), "a <title> & more")
    assert svg.count("<a href=") == len(catalogue.papers)
    assert "a &lt;title&gt; &amp; more" in svg and "<title>a <title>" not in svg
    assert 'href="../papers/clip/"' in svg


def test_json_download_matches_its_schema_and_the_catalogue(catalogue):
    files = downloads(catalogue)
    data = json.loads(files["catalogue.json"])
    schema = json.loads((ROOT / "schema" / "catalogue-export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    export = CatalogueExport.model_validate(data)
    assert export.schema_version == 1
    assert tuple(export.papers) == catalogue.papers and tuple(export.eras) == catalogue.eras
    assert tuple(export.topics) == catalogue.topics and tuple(export.paths) == catalogue.paths
    assert export.essay == catalogue.essay


def test_csv_download_round_trips(catalogue):
    rows = list(csv.DictReader(io.StringIO(downloads(catalogue)["catalogue.csv"])))
    assert len(rows) == len(catalogue.papers) and list(rows[0]) == CSV_COLUMNS
    for row, paper in zip(rows, catalogue.papers, strict=True):
        assert int(row["number"]) == paper.number and row["arxiv"] == paper.arxiv and row["summary"] == paper.summary
        assert row["authors"].split(LIST_SEPARATOR) == paper.authors
        assert row["key_techniques"].split(LIST_SEPARATOR) == paper.key_techniques
        assert row["mechanism"] == paper.mechanism
        for field in ("code", "weights", "project"):  # an official link's URL; empty where there is none
            link = getattr(paper, field)
            assert row[field] == (link.url if link else ""), (paper.id, field)
        expected = [f"{other.name} <{other.url}>" for other in paper.reimplementations]
        assert (row["reimplementations"].split(LIST_SEPARATOR) if row["reimplementations"] else []) == expected
    assert any(row["code"] for row in rows) and any(row["reimplementations"] for row in rows)  # the fixture has both


def test_bibtex_download_parses_with_a_real_parser(catalogue):
    library = bibtexparser.parse_string(downloads(catalogue)["papers.bib"])
    assert not library.failed_blocks
    assert len(library.entries) == len(catalogue.papers)
    keys = [e.key for e in library.entries]
    assert (
        len(set(keys)) == len(keys)
        and keys[catalogue.papers.index(catalogue.papers_by_id["clip"])] == "radford2021clip"
    )
    for entry, paper in zip(library.entries, catalogue.papers, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        assert entry.entry_type == "misc"
        assert fields["eprint"] == paper.arxiv and fields["archivePrefix"] == "arXiv"
        assert fields["title"].strip("{}") == paper.title
        assert len(fields["author"].split(" and ")) == len(paper.authors)
        if paper.primary_category:
            assert fields["primaryClass"] == paper.primary_category


def test_bibtex_escapes_special_characters(catalogue):
    paper = catalogue.papers_by_id["clip"].model_copy(update={"title": "50% & more_things #1"})
    text = bibtex.entry(paper)
    assert r"50\% \& more\_things \#1" in text
    assert not bibtexparser.parse_string(text).failed_blocks


def test_note_download_is_the_note(catalogue):
    """The download is the user's note itself, as the fixture catalogue was imported from it."""
    note = downloads(catalogue)["vlm-papers-note.md"]
    assert note == (FIXTURES / "vlm-papers-note.md").read_text(encoding="utf-8")
    assert len(parse_note(note).papers) == len(catalogue.papers)


def test_related_papers_share_lineage_or_topics(catalogue):
    clip = catalogue.papers_by_id["clip"]
    related = catalogue.related(clip)
    assert len(related) == 5 and clip not in related
    for other in related:
        lineage = clip.id in other.builds_on or other.id in clip.builds_on
        assert lineage or set(other.topics) & set(clip.topics)
    assert [p.id for p in catalogue.built_upon_by["blip-2"]] == ["minigpt-4", "instructblip"]


def test_home_page_lists_downloads_that_exist(built_site, catalogue):
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    for name in downloads(catalogue):
        assert f'href="downloads/{name}"' in home
        assert (built_site.site / "downloads" / name).read_text(encoding="utf-8") == downloads(catalogue)[name]
    assert home.count('<a href="papers/') >= len(catalogue.papers)  # the timeline links every paper


def test_paper_page_shows_lineage_topics_paths_and_bibtex(built_site):
    page = (built_site.site / "papers" / "blip-2" / "index.html").read_text(encoding="utf-8")
    assert "建立在" in page and 'href="../blip/"' in page
    assert "後續發展" in page and 'href="../minigpt-4/"' in page and 'href="../instructblip/"' in page
    assert 'href="../../topics/frozen-llm/"' in page
    assert "路徑上的下一篇" in page and 'href="../../paths/first-ten/"' in page
    assert "li2023blip2" in page and "archivePrefix" in page
    folded = (built_site.site / "papers" / "cogvlm" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r"<details class=\"paper-authors\"[^>]*>\s*<summary>Weihan Wang, Qingsong Lv, Wenmeng Yu 等 16 位作者", folded
    )
