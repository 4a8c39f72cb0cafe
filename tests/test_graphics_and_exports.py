"""Lineage graph and timeline layout; every download parsed back and compared with the catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import bibtexparser
import jsonschema
import pytest

from vlmguide import bibtex, graphics
from vlmguide.exports import CSV_COLUMNS, LIST_SEPARATOR, CatalogueExport, downloads
from vlmguide.loader import load_catalogue
from vlmguide.note import parse_note

from .conftest import FIXTURES, ROOT

CATALOGUE = load_catalogue(ROOT / "data")


def href(paper):
    return f"../papers/{paper.id}/"


@pytest.mark.parametrize("layout", [graphics.lineage_layout(CATALOGUE, href), graphics.timeline_layout(CATALOGUE, href)],
                         ids=["lineage", "timeline"])
def test_layout_places_every_paper_without_overlap(layout):
    boxes = list(layout.boxes.values())
    assert {b.paper_id for b in boxes} == {p.id for p in CATALOGUE.papers}
    for i, a in enumerate(boxes):
        assert 0 <= a.x and a.x + a.width <= layout.width and 0 <= a.y and a.y + a.height <= layout.height, a
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a.paper_id, b.paper_id)


def test_lineage_edges_join_existing_papers_and_run_forward():
    layout = graphics.lineage_layout(CATALOGUE, href)
    expected = {(e, p.id) for p in CATALOGUE.papers for e in p.builds_on}
    assert set(layout.edges) == expected and len(expected) >= 30
    for earlier, later in layout.edges:
        assert layout.boxes[earlier].x + layout.boxes[earlier].width < layout.boxes[later].x


def test_timeline_is_in_date_order_within_an_era():
    layout = graphics.timeline_layout(CATALOGUE, href)
    for era in CATALOGUE.eras:
        papers = sorted(CATALOGUE.papers_in(era), key=lambda p: p.published or dt.date(p.year, 7, 1))
        xs = [layout.boxes[p.id].x for p in papers]
        assert xs == sorted(xs)


def test_svg_nodes_are_links_and_text_is_escaped():
    svg = graphics.svg(graphics.lineage_layout(CATALOGUE, href), "a <title> & more")
    assert svg.count("<a href=") == 66
    assert "a &lt;title&gt; &amp; more" in svg and "<title>a <title>" not in svg
    assert 'href="../papers/clip/"' in svg


def test_json_download_matches_its_schema_and_the_catalogue():
    files = downloads(CATALOGUE)
    data = json.loads(files["catalogue.json"])
    schema = json.loads((ROOT / "schema" / "catalogue-export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    export = CatalogueExport.model_validate(data)
    assert export.schema_version == 1
    assert tuple(export.papers) == CATALOGUE.papers and tuple(export.eras) == CATALOGUE.eras
    assert tuple(export.topics) == CATALOGUE.topics and tuple(export.paths) == CATALOGUE.paths
    assert export.essay == CATALOGUE.essay


def test_csv_download_round_trips():
    rows = list(csv.DictReader(io.StringIO(downloads(CATALOGUE)["catalogue.csv"])))
    assert len(rows) == 66 and list(rows[0]) == CSV_COLUMNS
    for row, paper in zip(rows, CATALOGUE.papers):
        assert int(row["number"]) == paper.number and row["arxiv"] == paper.arxiv and row["summary"] == paper.summary
        assert row["authors"].split(LIST_SEPARATOR) == paper.authors
        assert row["key_techniques"].split(LIST_SEPARATOR) == paper.key_techniques
        assert row["mechanism"] == paper.mechanism


def test_bibtex_download_parses_with_a_real_parser():
    library = bibtexparser.parse_string(downloads(CATALOGUE)["papers.bib"])
    assert not library.failed_blocks
    assert len(library.entries) == 66
    keys = [e.key for e in library.entries]
    assert len(set(keys)) == 66 and keys[17] == "radford2021clip"
    for entry, paper in zip(library.entries, CATALOGUE.papers):
        fields = {f.key: f.value for f in entry.fields}
        assert entry.entry_type == "misc"
        assert fields["eprint"] == paper.arxiv and fields["archivePrefix"] == "arXiv"
        assert fields["title"].strip("{}") == paper.title
        assert len(fields["author"].split(" and ")) == len(paper.authors)
        if paper.primary_category:
            assert fields["primaryClass"] == paper.primary_category


def test_bibtex_escapes_special_characters():
    paper = CATALOGUE.papers_by_id["clip"].model_copy(update={"title": "50% & more_things #1"})
    text = bibtex.entry(paper)
    assert r"50\% \& more\_things \#1" in text
    assert not bibtexparser.parse_string(text).failed_blocks


def test_note_download_is_the_note():
    note = downloads(CATALOGUE)["vlm-papers-note.md"]
    assert note == (FIXTURES / "vlm-papers-note.md").read_text(encoding="utf-8")
    assert len(parse_note(note).papers) == 66


def test_related_papers_share_lineage_or_topics():
    clip = CATALOGUE.papers_by_id["clip"]
    for other in CATALOGUE.related(clip):
        lineage = clip.id in other.builds_on or other.id in clip.builds_on
        assert lineage or set(other.topics) & set(clip.topics)
    assert [p.id for p in CATALOGUE.built_upon_by["blip-2"]] == ["minigpt-4", "instructblip"]


def test_home_page_lists_downloads_that_exist(built_site):
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    for name in downloads(CATALOGUE):
        assert f'href="downloads/{name}"' in home
        assert (built_site.site / "downloads" / name).read_text(encoding="utf-8") == downloads(CATALOGUE)[name]
    assert home.count('<a href="papers/') >= 66  # the timeline links every paper


def test_paper_page_shows_lineage_topics_paths_and_bibtex(built_site):
    page = (built_site.site / "papers" / "blip-2" / "index.html").read_text(encoding="utf-8")
    assert "建立在" in page and 'href="../blip/"' in page
    assert "後續發展" in page and 'href="../minigpt-4/"' in page and 'href="../instructblip/"' in page
    assert 'href="../../topics/frozen-llm/"' in page
    assert "路徑上的下一篇" in page and 'href="../../paths/first-ten/"' in page
    assert "li2023blip2" in page and "archivePrefix" in page
    folded = (built_site.site / "papers" / "cogvlm" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<details class=\"paper-authors\"[^>]*>\s*<summary>Weihan Wang, Qingsong Lv, Wenmeng Yu 等 16 位作者",
                     folded)
