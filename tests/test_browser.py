"""The built site in headless Chromium, as a reader uses it."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from vlmguide.loader import load_catalogue

from .browser import chromium, chromium_available, papers_mentioning, search, serve_directory
from .conftest import ROOT

pytestmark = pytest.mark.browser

CATALOGUE = load_catalogue(ROOT / "data")


@pytest.fixture(scope="module")
def browser():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is missing: run scripts/setup.sh")
        pytest.skip("Debian chromium is not installed (scripts/setup.sh installs it)")
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve_directory(built_site.site) as url:
        yield url


@pytest.fixture
def page(browser, site_url):
    """A page that may talk to 127.0.0.1 only; console errors and failed requests are recorded."""
    context = browser.new_context()
    problems: list[str] = []
    host = urlsplit(site_url).netloc

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == host:
            request_route.continue_()
        else:
            problems.append(f"third-party request: {request_route.request.url}")
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # Requests cut short by navigating away (net::ERR_ABORTED) are not failures of the site.
    tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})")
           if urlsplit(r.url).netloc == host and "ERR_ABORTED" not in (r.failure or "") else None)
    tab.problems = problems
    yield tab
    context.close()


PAGE_TYPES = ["", "eras/representation/", "papers/clip/", "papers/vse/", "essay/", "about/", "contributing/",
              "does-not-exist/"]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_loads_cleanly_with_only_localhost(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    expected = [p for p in page.problems if path == "does-not-exist/" and "404" in p]
    assert page.problems == expected, page.problems


# The examples, plus everyday queries; each must find every paper whose text
# contains it, and rank those first.
QUERIES = ["對比學習", "指令調整", "凍結", "CLIP", "零樣本", "幻覺", "蒸餾", "影像分割", "注意力", "編碼器",
           "contrastive", "Instruction", "Radford"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_the_papers_that_speak_of_it(page, site_url, query):
    expected = papers_mentioning(CATALOGUE, query)
    assert expected, f"{query} names no paper; pick another query"
    found = search(page, site_url, query)
    assert expected <= set(found), f"missing {sorted(expected - set(found))}"
    assert set(found[: len(expected)]) == expected, f"other papers ranked first: {found[: len(expected)]}"


def test_search_by_arxiv_id(page, site_url):
    assert search(page, site_url, "2103.00020")[:1] == ["clip"]


def test_click_through_home_era_paper_next(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="提升視覺表徵與簡化架構").first.click()
    page.wait_for_url("**/eras/representation/")
    page.locator("table a", has_text="CLIP").first.click()
    page.wait_for_url("**/papers/clip/")
    page.get_by_role("link", name="下一篇:ViLD →").click()
    page.wait_for_url("**/papers/vild/")
    page.get_by_role("link", name="提升視覺表徵與簡化架構 (2021)").click()
    page.wait_for_url("**/eras/representation/")
    page.goto(site_url + "essay/")
    page.get_by_role("link", name="InstructBLIP").click()
    page.wait_for_url("**/papers/instructblip/")
    assert page.problems == []


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["", "eras/representation/", "papers/clip/", "essay/"])
def test_no_horizontal_overflow(browser, site_url, width, path, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(site_url + path)
    tab.wait_for_load_state("networkidle")
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    tab.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    context.close()
    assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
