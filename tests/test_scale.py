"""A catalogue several times the real one (devtools.synthetic) builds into a site that stays light.

Speed is measured by scripts/benchmark_speed.py, not here; this checks what growth must not
break: every page, every link, a home page that does not grow with the catalogue, and a
search index that holds each paper's text once.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

from devtools.browser import axe_violations, serve_directory
from devtools.project import FIXTURE_DATA, BuildResult, mkdocs_build
from devtools.search_worker import run_worker
from devtools.synthetic import synthetic_data, write_project
from vlmguide.catalogue.loader import ESSAY_FILE, load_catalogue
from vlmguide.editing.writer import catalogue_data
from vlmguide.links.built_site import SiteLinks
from vlmguide.mkdocs.search_parts import PARTS_DIR, ROOT_NAME
from vlmguide.pages.graphics import LINEAGE_MAX_PAPERS
from vlmguide.pages.home import TIMELINE_MAX_PAPERS
from vlmguide.pages.tables import TABLE_PAGE_ROWS

SIZE = 300  # the largest eras and topics then span several table pages


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory, catalogue) -> BuildResult:
    papers_data, _ = catalogue_data(catalogue)
    project = tmp_path_factory.mktemp("scale") / "project"
    write_project(
        project,
        synthetic_data(papers_data, SIZE),
        (FIXTURE_DATA / ESSAY_FILE).read_text(encoding="utf-8"),
        FIXTURE_DATA / "search-terms.txt",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result


def test_synthetic_catalogue_is_as_large_as_asked(catalogue):
    papers_data, _ = catalogue_data(catalogue)
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
    assert len(home.encode()) < 100_000
    # each count opens the era table page that lists that year's first paper, filtered by the year
    links = re.findall(r'<a href="(eras/[^"?]+)\?year=(\d+)">(\d+)</a>', home)
    assert len(links) >= 5
    for target, year, _count in links:
        listed = (large_site.site / target / "index.html").read_text(encoding="utf-8")
        assert 'name="year"' in listed and re.search(rf"<td[^>]*>{year}</td>", listed), (target, year)


def _table_rows(html: str) -> list[str]:
    """The paper ids of a table page's rows, in order."""
    return re.findall(
        r'<tr>\n<td[^>]*>\d+</td>\n<td class="vlm-name"[^>]*><a href="\.\./\.\./(?:\.\./)?papers/([^/]+)/"', html
    )


def test_long_era_and_topic_tables_are_split_into_pages(large_site):
    catalogue = load_catalogue(large_site.site.parent / "data")
    site = large_site.site
    for kind, key, papers in [
        ("eras", "representation", catalogue.papers_in(catalogue.eras_by_id["representation"])),
        ("topics", "contrastive", catalogue.papers_on(catalogue.topics_by_id["contrastive"])),
    ]:
        count = -(-len(papers) // TABLE_PAGE_ROWS)
        assert count >= 2, f"{kind}/{key} fits one page; make SIZE larger"
        urls = [f"{kind}/{key}/"] + [f"{kind}/{key}/{n}/" for n in range(2, count + 1)]
        listed = []
        for n, url in enumerate(urls, 1):
            html = (site / url / "index.html").read_text(encoding="utf-8")
            rows = _table_rows(html)
            assert 0 < len(rows) <= TABLE_PAGE_ROWS
            listed += rows
            pager = re.search(r'<nav class="vlm-pager" aria-label="表格分頁">(.*?)</nav>', html, re.S)
            assert pager and re.findall(r'aria-label="第 (\d+) 頁', pager.group(1)) == [
                str(i) for i in range(1, count + 1)
            ]
            assert re.search(rf'aria-current="page">{n}</a>', pager.group(1)), url
            assert ('rel="prev"' in pager.group(1)) == (n > 1) and ('rel="next"' in pager.group(1)) == (n < count)
        assert listed == [p.id for p in papers]  # every paper once, in order
        assert not (site / kind / key / str(count + 1)).exists()
    # a paper's era link opens the page that lists it
    on_second = catalogue.papers_in(catalogue.eras_by_id["representation"])[TABLE_PAGE_ROWS]
    paper = (site / "papers" / on_second.id / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../eras/representation/2/">' in paper


def test_search_index_holds_each_papers_text_once(large_site, catalogue):
    index = json.loads((large_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    clip = catalogue.papers_by_id["clip"]
    holding = [doc["location"] for doc in index["docs"] if clip.summary in doc["text"].replace("\u200b", "")]
    # Paper k of the synthetic catalogue is a copy of paper k mod (papers in the catalogue).
    copies = len(range(catalogue.papers.index(clip), SIZE, len(catalogue.papers)))
    assert len(holding) == copies and all(loc.startswith("papers/clip") for loc in holding), holding


@pytest.mark.browser
def test_pages_of_an_era_open_with_the_same_filters(browser, large_site, axe_source):
    with serve_directory(large_site.site) as base:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(base + "eras/representation/")
        tab.wait_for_load_state("networkidle")
        assert axe_violations(tab, axe_source) == []  # the pagers too
        tab.get_by_label("主題").select_option("contrastive")
        second = tab.locator('nav[aria-label="表格分頁"] a[rel=next]')
        assert "topic=contrastive" in second.get_attribute("href")
        second.click()
        tab.wait_for_url("**/eras/representation/2/?topic=contrastive")
        assert tab.get_by_label("主題").input_value() == "contrastive"
        shown = tab.locator(".vlm-era-table tbody tr:not([hidden])")
        assert 0 < shown.count() < tab.locator(".vlm-era-table tbody tr").count()
        context.close()


def _nav_targets(site, url: str) -> set[str]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    primary = html[html.index('<nav class="md-nav md-nav--primary') :]
    primary = primary[: primary.index('<div class="md-content"')]
    return {
        urljoin("http://site/" + url, href)
        for href in re.findall(r'<a href="([^"#][^"]*)" class="md-nav__link', primary)
    }


def test_navigation_shared_between_pages_leads_everywhere_the_home_pages_does(large_site):
    """Pages not in the navigation share one rendering of it per directory (overrides/partials/nav.html)."""
    home = _nav_targets(large_site.site, "")
    assert len(home) >= 10
    for url in [
        "papers/clip/",
        "papers/clip-copy3/",
        "topics/contrastive/",
        "topics/contrastive/2/",
        "eras/representation/2/",
        "topics/fusion/",
    ]:
        assert _nav_targets(large_site.site, url) == home, url


def test_above_the_limit_the_lineage_page_draws_a_graph_per_era(large_site):
    catalogue = load_catalogue(large_site.site.parent / "data")
    assert len(catalogue.papers) > LINEAGE_MAX_PAPERS
    page = (large_site.site / "lineage" / "index.html").read_text(encoding="utf-8")
    assert len(page.encode()) < 300_000
    drawn = [e for e in catalogue.eras if len(catalogue.papers_in(e)) <= LINEAGE_MAX_PAPERS]
    assert drawn and page.count('<svg xmlns="http://www.w3.org/2000/svg" class="vlm-graphic"') == 2 * len(drawn)
    for era in catalogue.eras:
        assert f">{era.title} ({era.years})<" in page, era.id


def test_a_query_for_one_paper_fetches_few_of_the_search_documents(node, large_site):
    """The search index in parts (vlmguide.mkdocs.search_parts): a query for one paper's arXiv ID
    fetches a few blocks of documents, not the whole index, and answers as the whole index does."""
    paper = load_catalogue(large_site.site.parent / "data").papers[-1]
    whole = run_worker(node, large_site.site, "search/", "whole", [paper.arxiv])
    parts = run_worker(node, large_site.site, "search/", "parts", [paper.arxiv])
    assert parts["answers"] == whole["answers"] and whole["answers"][0]["items"]
    layout = json.loads((large_site.site / "search" / ROOT_NAME).read_text(encoding="utf-8"))["config"]["parts"]
    blocks = [name for name in parts["fetched"] if name.startswith(f"search/{PARTS_DIR}d")]
    total = -(-layout["count"] // layout["block"])  # blocks of about BLOCK_BYTES each
    assert total >= 3 and 1 <= len(blocks) <= total // 3
