"""A catalogue several times the real one (vlmguide.synthetic) builds into a site that stays light.

Speed is measured by scripts/benchmark_speed.py, not here; this checks what growth must not
break: every page, every link, a home page that does not grow with the catalogue, and a
search index that holds each paper's text once.
"""

from __future__ import annotations

import json

import pytest

from vlmguide.links.site import SiteLinks
from vlmguide.loader import ESSAY_FILE, load_catalogue
from vlmguide.render import TIMELINE_MAX_PAPERS
from vlmguide.synthetic import synthetic_data, write_project
from vlmguide.writer import catalogue_data

from .conftest import ROOT, BuildResult, mkdocs_build

SIZE = 300


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    papers_data, _ = catalogue_data(load_catalogue(ROOT / "data"))
    project = tmp_path_factory.mktemp("scale") / "project"
    write_project(ROOT, project, synthetic_data(papers_data, SIZE),
                  (ROOT / "data" / ESSAY_FILE).read_text(encoding="utf-8"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result


def test_synthetic_catalogue_is_as_large_as_asked():
    papers_data, _ = catalogue_data(load_catalogue(ROOT / "data"))
    data = synthetic_data(papers_data, 150)
    assert len(data["papers"]) == 150
    assert len({p["id"] for p in data["papers"]}) == 150 and len({p["arxiv"] for p in data["papers"]}) == 150
    # builds_on of a copy points at the same copy: no links across copies, none forward in time
    copies = [p for p in data["papers"] if p["id"].endswith("-copy1") and p.get("builds_on")]
    assert copies and all(e.endswith("-copy1") for p in copies for e in p["builds_on"])


def test_every_paper_has_a_page_and_every_link_resolves(large_site):
    site = large_site.site
    assert "WARNING" not in large_site.output
    assert len(list((site / "papers").glob("*/index.html"))) == SIZE
    links = SiteLinks.read(site)
    problems = links.internal_problems()
    assert not problems, [f"{p.source}: {p.message}" for p in problems[:10]]


def test_home_page_shows_counts_instead_of_a_paper_per_box(large_site):
    assert SIZE > TIMELINE_MAX_PAPERS
    home = (large_site.site / "index.html").read_text(encoding="utf-8")
    assert 'class="vlm-graphic"' not in home
    assert 'href="eras/representation/?year=2021"' in home
    assert len(home.encode()) < 100_000
    # the era table opens filtered by that year
    representation = (large_site.site / "eras" / "representation" / "index.html").read_text(encoding="utf-8")
    assert 'name="year"' in representation


def test_search_index_holds_each_papers_text_once(large_site):
    index = json.loads((large_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    clip = load_catalogue(ROOT / "data").papers_by_id["clip"].summary
    holding = [doc["location"] for doc in index["docs"] if clip in doc["text"].replace("\u200b", "")]
    copies = len(range(17, SIZE, 66))  # CLIP is paper 18; every 66th paper is a copy of it
    assert len(holding) == copies and all(loc.startswith("papers/clip") for loc in holding), holding
