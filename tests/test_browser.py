"""The built site in headless Chromium, as a reader uses it."""

from __future__ import annotations

import json
import re
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from devtools.browser import axe_violations, papers_mentioning, search, serve_directory
from devtools.project import FIXTURE_DATA, NOT_FOUND, copy_project, mkdocs_build, page_types
from devtools.search_worker import with_direct
from tests.conftest import FIXTURES
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.pages import bibtex
from vlmguide.pages.editions import SIMPLIFIED
from vlmguide.pages.search_scripts import by_table

pytestmark = pytest.mark.browser


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
    tab.on(
        "requestfailed",
        lambda r: (
            problems.append(f"failed: {r.url} ({r.failure})")
            if urlsplit(r.url).netloc == host and "ERR_ABORTED" not in (r.failure or "")
            else None
        ),
    )
    tab.problems = problems
    yield tab
    context.close()


# One page of each kind (devtools.project.page_types), and a paper page with an editor's remark and an alias.
PAGE_TYPES = [*page_types(FIXTURES), f"papers/{load_catalogue(FIXTURE_DATA).remarked_papers[0].id}/"]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_loads_cleanly_with_only_localhost(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1").first).to_be_visible()
    expected = [p for p in page.problems if path.endswith(NOT_FOUND) and "404" in p]
    assert page.problems == expected, page.problems


# The examples, plus everyday queries; each must find every paper whose text
# contains it, and rank those first.
QUERIES = """
對比學習 指令調整 凍結 CLIP 零樣本 幻覺 蒸餾 影像分割 注意力 編碼器 contrastive
Instruction Radford
""".split()


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_the_papers_that_speak_of_it(page, site_url, catalogue, query):
    expected = papers_mentioning(catalogue, query)
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


def _visible_names(page):
    """The model names of the rows the filters leave visible (a locator: expect() waits on it)."""
    return page.locator(".vlm-filtered tbody tr:not([hidden]) td:nth-child(2) a:first-child")


def test_era_table_sorts_filters_and_keeps_the_view_in_the_url(page, site_url, catalogue):
    """Every check after a click or keystroke waits for the state it expects: tables.js applies
    some changes (the reset of 清除篩選) on a timer, so a bare read right after could be stale."""
    papers = catalogue.papers_in(catalogue.eras_by_id["representation"])
    status = page.locator(".vlm-filter__status")
    page.goto(site_url + "eras/representation/")
    expect(_visible_names(page)).to_have_text([p.name for p in papers])
    page.get_by_role("button", name="模型名稱").click()
    expect(page.locator("th[aria-sort=ascending]")).to_have_count(1)
    expect(_visible_names(page)).to_have_text(sorted((p.name for p in papers), key=str.casefold))
    page.get_by_role("button", name="模型名稱").click()  # again: descending
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    page.get_by_label("主題").select_option("prompt")
    expected = [p.name for p in papers if "prompt" in p.topics]
    expect(status).to_have_text(f"顯示 {len(expected)} / {len(papers)} 篇")
    assert sorted(_visible_names(page).all_inner_texts()) == sorted(expected)  # settled: the count says so
    page.get_by_label("文字").fill("CoOp")
    expect(_visible_names(page)).to_have_text(["CoOp"])
    expect(page).to_have_url(re.compile(r"(?=.*topic=prompt)(?=.*text=CoOp)(?=.*sort=-1)"))
    shared = page.url
    page.goto(site_url)
    page.goto(shared)  # a shared link opens the same view
    expect(_visible_names(page)).to_have_text(["CoOp"])
    expect(page.get_by_label("主題")).to_have_value("prompt")
    page.get_by_role("button", name="清除篩選").click()
    expect(status).to_have_text(f"顯示 {len(papers)} / {len(papers)} 篇")
    expect(_visible_names(page)).to_have_count(len(papers))
    expect(page.get_by_label("文字")).to_have_value("")
    assert page.problems == []


@pytest.mark.parametrize("table", ["eras/representation/", "topics/contrastive/"])
def test_only_papers_with_code_combines_with_the_other_filters_and_the_url(page, site_url, catalogue, table):
    listed = (
        catalogue.papers_in(catalogue.eras_by_id["representation"])
        if table.startswith("eras")
        else catalogue.papers_on(catalogue.topics_by_id["contrastive"])
    )
    with_code = [p.name for p in listed if p.code]
    assert with_code and len(with_code) < len(listed)  # the fixture gives the test something to hide
    status = page.locator(".vlm-filter__status")
    page.goto(site_url + table)
    page.get_by_label("只看有程式碼").check()
    expect(status).to_have_text(f"顯示 {len(with_code)} / {len(listed)} 篇")
    expect(_visible_names(page)).to_have_text(with_code)
    expect(page).to_have_url(re.compile(r"[?&]code=1"))
    # With a topic as well: the papers with code on that topic (none, for some topics).
    for topic in sorted({t for p in listed for t in p.topics}):
        page.locator("select[name=topic]").select_option(topic)
        expected = [p.name for p in listed if p.code and topic in p.topics]
        expect(status).to_have_text(f"顯示 {len(expected)} / {len(listed)} 篇")
        expect(_visible_names(page)).to_have_text(expected)
    page.locator("select[name=topic]").select_option("")
    page.get_by_label("文字").fill(with_code[0])
    expect(_visible_names(page)).to_have_text([with_code[0]])
    shared = page.url
    page.goto(site_url)
    page.goto(shared)  # a shared link opens the same view
    expect(page.get_by_label("只看有程式碼")).to_be_checked()
    expect(_visible_names(page)).to_have_text([with_code[0]])
    page.get_by_role("button", name="清除篩選").click()
    expect(page.get_by_label("只看有程式碼")).not_to_be_checked()
    expect(status).to_have_text(f"顯示 {len(listed)} / {len(listed)} 篇")
    expect(page).not_to_have_url(re.compile(r"code=1"))
    assert page.problems == []


def test_era_table_is_readable_without_javascript(browser, site_url, catalogue):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "eras/representation/")
    rows = tab.locator(".vlm-era-table tbody tr")
    expect(rows).to_have_count(len(catalogue.papers_in(catalogue.eras_by_id["representation"])))
    expect(tab.locator("form.vlm-filter")).to_be_hidden()  # the controls appear only when they work
    expect(tab.locator("label.vlm-read").first).to_be_hidden()
    for path in ("papers/clip/", "paths/clip-to-llava/", "paths/"):  # no 已讀 control, progress or export
        tab.goto(site_url + path)
        expect(tab.locator(".vlm-read:visible, .vlm-path-progress:visible, .vlm-reading-data:visible")).to_have_count(0)
    context.close()


# Reading progress (assets/reading.js): marks kept in the browser, shown wherever the paper is listed.


def _read_box(page, paper_id):
    return page.locator(f"input.vlm-read__box[data-paper='{paper_id}']")


def test_a_read_mark_survives_a_reload_and_shows_wherever_the_paper_is_listed(page, site_url, catalogue):
    page.goto(site_url + "papers/clip/")
    _read_box(page, "clip").check()
    expect(_read_box(page, "clip")).to_be_checked()
    page.reload()
    expect(_read_box(page, "clip")).to_be_checked()
    assert (
        catalogue.papers_by_id["clip"].era == "representation"
        and "contrastive" in catalogue.papers_by_id["clip"].topics
    )
    for listing in (
        "eras/representation/",
        "topics/contrastive/",
        "paths/clip-to-llava/",
        "zh-Hans/eras/representation/",
    ):
        page.goto(site_url + listing)
        expect(_read_box(page, "clip")).to_be_checked()
        expect(page.locator("tr.vlm-is-read, li.vlm-is-read")).to_have_count(1)
    expect(_read_box(page, "vilt")).not_to_be_checked()
    _read_box(page, "clip").uncheck()  # cleared on the zh-Hans edition: cleared everywhere
    page.goto(site_url + "papers/clip/")
    expect(_read_box(page, "clip")).not_to_be_checked()
    stored = page.evaluate("localStorage.getItem('vlm-read')")
    assert stored == "[]"
    assert page.problems == []


def test_a_reading_path_counts_its_read_steps_and_points_to_the_next_unread(page, site_url, catalogue):
    path = next(p for p in catalogue.paths if p.id == "clip-to-llava")
    steps = [catalogue.papers_by_id[s.paper] for s in path.steps]
    page.goto(site_url + "paths/clip-to-llava/")
    progress = page.locator(".vlm-path-progress")
    expect(progress).to_contain_text(f"已讀 0 / {len(steps)} 篇")
    expect(progress.locator("a")).to_have_text(steps[0].name)
    _read_box(page, steps[0].id).check()
    _read_box(page, steps[2].id).check()
    expect(progress).to_contain_text(f"已讀 2 / {len(steps)} 篇")
    expect(progress.locator("a")).to_have_text(steps[1].name)  # the first step not yet read
    expect(progress.locator("a")).to_have_attribute("href", re.compile(f"papers/{steps[1].id}/$"))
    for step in steps:
        _read_box(page, step.id).check()
    expect(progress).to_contain_text(f"已讀 {len(steps)} / {len(steps)} 篇")
    expect(progress).to_contain_text("這條路徑全部讀完了")
    expect(progress.locator("a")).to_have_count(0)
    assert page.problems == []


def test_hiding_read_papers_combines_with_the_other_filters_and_the_url(page, site_url, catalogue):
    listed = catalogue.papers_in(catalogue.eras_by_id["representation"])
    status = page.locator(".vlm-filter__status")
    page.goto(site_url + "eras/representation/")
    _read_box(page, "clip").check()
    page.get_by_label("隱藏已讀").check()
    expect(status).to_have_text(f"顯示 {len(listed) - 1} / {len(listed)} 篇")
    expect(_read_box(page, "clip")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"[?&]unread=1"))
    page.get_by_label("只看有程式碼").check()  # code, and not read
    expected = [p.name for p in listed if p.code and p.id != "clip"]
    expect(status).to_have_text(f"顯示 {len(expected)} / {len(listed)} 篇")
    page.reload()  # the view is in the URL, the mark in the browser
    expect(page.get_by_label("隱藏已讀")).to_be_checked()
    expect(status).to_have_text(f"顯示 {len(expected)} / {len(listed)} 篇")
    page.get_by_label("只看有程式碼").uncheck()
    _read_box(page, "vilt").check()  # marking a paper hides it at once
    expect(status).to_have_text(f"顯示 {len(listed) - 2} / {len(listed)} 篇")
    assert page.problems == []


def test_the_read_list_moves_to_another_browser_as_a_small_file(browser, page, site_url, tmp_path):
    page.goto(site_url + "papers/clip/")
    _read_box(page, "clip").check()
    page.goto(site_url + "papers/vilt/")
    _read_box(page, "vilt").check()
    page.goto(site_url + "paths/")
    with page.expect_download() as download:
        page.get_by_role("button", name="匯出閱讀紀錄").click()
    saved = tmp_path / "reading.json"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "vlm-reading.json"
    assert json.loads(saved.read_text(encoding="utf-8")) == {
        "format": "vlm-reading",
        "version": 1,
        "read": ["clip", "vilt"],
    }
    assert page.problems == []  # nothing left the site: the file is made in the browser

    other = browser.new_context()  # another device: nothing read yet
    tab = other.new_page()
    tab.goto(site_url + "paths/")
    status = tab.locator(".vlm-reading-status")
    bad = tmp_path / "bad.json"
    bad.write_text('{"read": ["<script>"]}', encoding="utf-8")
    tab.locator(".vlm-reading-import input[type=file]").set_input_files(bad)
    expect(status).to_contain_text("不是本站匯出的閱讀紀錄")
    assert tab.evaluate("localStorage.getItem('vlm-read')") is None  # nothing imported
    tab.locator(".vlm-reading-import input[type=file]").set_input_files(saved)
    expect(status).to_contain_text("匯入了 2 篇已讀論文")
    tab.goto(site_url + "paths/clip-to-llava/")
    expect(_read_box(tab, "clip")).to_be_checked()
    other.close()


# Records every layout shift from the start of the page load (CLS, as Lighthouse scores it).
_RECORD_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput)
  window.__shifts.push([e.value, e.sources.map(s => s.node ? s.node.nodeName + "." + s.node.className : "?")]); })
  .observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("width", [412, 1280])
@pytest.mark.parametrize("path", ["", "eras/representation/", "papers/clip/", "topics/", "topics/contrastive/"])
def test_pages_do_not_shift_while_loading(browser, site_url, width, path):
    """What the scripts add on load (filters, sort buttons, copy buttons) takes no room the
    first layout did not already give it: nothing the reader sees jumps."""
    context = browser.new_context(viewport={"width": width, "height": 823})
    tab = context.new_page()
    tab.add_init_script(_RECORD_SHIFTS)
    tab.goto(site_url + path)
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(300)
    shifts = tab.evaluate("window.__shifts")
    context.close()
    assert sum(value for value, _ in shifts) < 0.01, shifts


_TABLE_STYLE = """table => {
  const style = (element, names) => names.map(name => getComputedStyle(element)[name]);
  const box = ["display", "fontSize", "borderTopWidth", "borderTopStyle", "borderTopColor", "borderRadius",
               "backgroundColor"];
  const cell = ["paddingTop", "paddingLeft", "verticalAlign", "textAlign", "fontWeight", "borderTopWidth",
                "borderTopColor", "minWidth"];
  return {table: style(table, box), th: style(table.querySelector("th"), cell),
          td: style(table.querySelector("tbody tr:nth-child(2) td"), cell),
          wrappers: [table.parentElement.className, table.parentElement.parentElement.className]};
}"""


def test_generated_tables_look_like_material_tables_and_stay_put(page, site_url):
    """Generated tables carry a class so Material's script does not move them on load; site.css
    gives them the look Material gives a Markdown table (as on the contributing page)."""
    page.goto(site_url + "contributing/")
    page.wait_for_load_state("networkidle")
    material = page.locator("article table:not([class])").first.evaluate(_TABLE_STYLE)
    page.goto(site_url + "eras/representation/")
    page.wait_for_load_state("networkidle")
    ours = page.locator("article table.vlm-table").evaluate(_TABLE_STYLE)
    assert ours == material
    expect(page.locator(".md-typeset__table .md-typeset__table")).to_have_count(0)  # wrapped once, by us


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_accessibility_violations(page, site_url, axe_source, path, scheme):
    """axe-core's WCAG 2.1 A/AA rules and best practices, in both colour schemes."""
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page, axe_source)
    assert violations == [], "\n".join(violations)


# Payloads that get past the validator (no tags, no links), each trying another way to make
# markup: Markdown attribute lists, attribute breakouts, entities, template syntax.
PAYLOADS = {
    "name": 'CLIP {: onclick="window.__xss=1;alert(1)" }',
    "title": '" onfocus="window.__xss=2;alert(2)" autofocus x="',
    "summary": '&#60;img src=x onerror=window.__xss=3;alert(3)&#62; **粗體** {: onmouseover="alert(3)" } {{ 7*7 }}',
    "mechanism": "*{: onclick=alert(4)}* javascript&#58;alert(4) ${alert(4)} \\u003cscript\\u003ealert(4)",
}


def _with_payloads(project) -> None:
    """Put PAYLOADS into CLIP's entry, each quoted as an editor would quote it."""
    papers = DataFile(project / "data" / "papers.yaml")
    for field, value in PAYLOADS.items():
        papers.set_raw(papers.paper_loc("clip", field), "'" + value.replace("'", "''") + "'")
        assert papers.value(papers.paper_loc("clip", field)) == value, f"{field}: the payload would not be tested"


def test_payloads_in_text_fields_never_run(browser, tmp_path):
    project = copy_project(tmp_path / "project", FIXTURE_DATA)
    _with_payloads(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    context = browser.new_context()
    dialogs: list[str] = []
    tab = context.new_page()
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve_directory(result.site) as url:
        for path in ("papers/clip/", "eras/representation/", "", "topics/contrastive/", "lineage/", "papers/align/"):
            tab.goto(url + path)
            tab.wait_for_load_state("networkidle")
            # Hover what shows a payload (each holds "alert("): an injected handler would fire.
            shown = tab.locator("h1, .paper-title, p, td, .vlm-graphic a", has_text="alert(").all()
            assert shown, path
            for element in shown:
                if element.is_visible():
                    element.hover()
            injected = tab.evaluate(
                """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                     .filter(a => a.name.startsWith('on') || a.name === 'autofocus')
                     .map(a => `${e.tagName} ${a.name}=${a.value}`))"""
            )
            assert injected == [], (path, injected)
            assert tab.evaluate("window.__xss") is None, path
        tab.goto(url + "papers/clip/")
        tab.locator("h1").first.click()
        expect(tab.locator("h1").first).to_contain_text(PAYLOADS["name"])  # shown as the text it is
        expect(tab.locator(".paper-title")).to_contain_text(PAYLOADS["title"])
        assert "{{ 7*7 }}" in tab.content() and ">49<" not in tab.content()
        found = search(tab, url, "粗體")
        assert found[:1] == ["clip"]
    context.close()
    assert dialogs == []


def test_copy_button_copies_the_bibtex(browser, site_url, catalogue):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(site_url + "papers/clip/")
    tab.wait_for_load_state("networkidle")
    tab.locator("button.md-code__button[data-md-type=copy]").first.click()
    expected = bibtex.entry(catalogue.papers_by_id["clip"]).strip()
    # The clipboard is written asynchronously after the click: wait until it holds the entry.
    copied = ""
    for _ in range(50):
        copied = tab.evaluate("navigator.clipboard.readText()").strip()
        if copied == expected:
            break
        tab.wait_for_timeout(100)
    context.close()
    assert copied == expected


@pytest.mark.parametrize("query", ["對比學習", "Instruction"])
def test_a_pasted_query_shows_results(page, site_url, catalogue, query):
    """Text that arrives without key events (pasted, dictated, some phone keyboards) is searched."""
    page.goto(site_url)
    page.wait_for_load_state("networkidle")  # the search worker is ready
    box = page.locator("input.md-search__input")
    box.focus()
    page.keyboard.insert_text(query)  # one input event: no keydown, no keyup
    expect(box).to_have_value(query)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d"))
    first = page.locator(".md-search-result__item > a[href*='/papers/']").first
    expect(first).to_be_visible()
    found = re.search(r"/papers/([^/]+)/", first.get_attribute("href"))[1]
    assert found in papers_mentioning(catalogue, query)
    assert page.problems == []


def test_a_search_for_an_alias_finds_the_paper(page, site_url, catalogue):
    """Readers search for the names papers go by (LLaVA-1.5, BEiT-3, DVSA): aliases are shown and indexed."""
    aliased = {alias: paper.id for paper in catalogue.papers for alias in paper.aliases}
    assert {"LLaVA-1.5", "BEiT-3"} <= set(aliased)  # names with a hyphen, which the search splits words at
    for alias, paper_id in aliased.items():
        assert search(page, site_url, alias)[:1] == [paper_id], alias


# Every element that scrolls sideways (its content wider than its box), and every text cell of a
# table narrower than 150 px: what a reader on a phone would have to pan, or read two characters a line.
_SIDEWAYS = """() => {
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const style = getComputedStyle(e);
    return e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(style.overflowX) && e.clientWidth > 0;
  }).map(e => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`);
  const narrow = [...document.querySelectorAll('table.vlm-table td.vlm-card-text')]
    .filter(td => td.getClientRects().length && td.getBoundingClientRect().width < 150)
    .map(td => `${td.dataset.label} ${Math.round(td.getBoundingClientRect().width)}px`);
  return {page: document.documentElement.scrollWidth - window.innerWidth, wide, narrow};
}"""


@pytest.mark.parametrize(
    "path",
    # not contributing/: its shell commands scroll inside their code blocks, as code does
    [path for path in PAGE_TYPES if not path.endswith("contributing/")],
)
def test_nothing_scrolls_sideways_and_no_text_is_squeezed(browser, site_url, path):
    """On phones (360, 390 px), a tablet (768) and a desktop (1280): the page never scrolls sideways,
    nor does any element in it, and no table text is laid out narrower than 150 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(site_url + path)
    tab.wait_for_load_state("networkidle")
    measured = {}
    for width in (360, 390, 768, 1280):  # the layout follows the viewport at once: one load serves all
        tab.set_viewport_size({"width": width, "height": 844})
        measured[width] = tab.evaluate(_SIDEWAYS)
    context.close()
    bad = {w: m for w, m in measured.items() if m["page"] > 0 or m["wide"] or m["narrow"]}
    assert bad == {}, bad


def test_era_cards_on_a_phone_still_sort_and_filter(browser, site_url, catalogue):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    papers = catalogue.papers_in(catalogue.eras_by_id["representation"])
    page.goto(site_url + "eras/representation/")
    cards = page.locator(".vlm-era-table tbody tr:not([hidden])")
    expect(cards.first).to_have_css("display", "flex")  # a card, not a table row
    page.get_by_role("button", name="模型名稱").click()
    expect(_visible_names(page)).to_have_text(sorted((p.name for p in papers), key=str.casefold))
    page.get_by_label("文字").fill("CoOp")
    expect(_visible_names(page)).to_have_text(["CoOp"])
    expect(cards).to_have_count(1)
    context.close()


@pytest.mark.parametrize(
    "path", ["", "eras/representation/", "papers/clip/", "topics/contrastive/", "zh-Hans/", "zh-Hans/papers/clip/"]
)
def test_axe_finds_nothing_on_a_phone_either(browser, site_url, axe_source, path):
    """The cards and the timeline list are what a phone shows: checked at 390 px as well."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(site_url + path)
    tab.wait_for_load_state("networkidle")
    violations = axe_violations(tab, axe_source)
    context.close()
    assert violations == [], "\n".join(violations)


def test_every_lineage_node_is_in_view_on_a_desktop(browser, site_url, catalogue):
    """At 1280 x 900 the whole graph fits the page's width: no paper is off to the right."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + "lineage/")
    tab.wait_for_load_state("networkidle")
    nodes = tab.locator(".vlm-lineage-wide svg a rect")
    expect(nodes).to_have_count(len(catalogue.papers))
    rights = nodes.evaluate_all("rects => rects.map(r => r.getBoundingClientRect().right)")
    width = tab.evaluate("document.documentElement.clientWidth")
    context.close()
    assert max(rights) <= width, (max(rights), width)


def test_a_visit_fetches_no_sitemap_for_the_feed_links(browser, site_url):
    """Every page links the feeds (rel=alternate); Material's script would fetch a sitemap for each link
    on every visit (vlmguide.mkdocs.language_alternates stops it)."""
    context = browser.new_context()
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(site_url + "eras/representation/")
    tab.wait_for_load_state("networkidle")
    expect(tab.locator('link[rel="alternate"][type="application/atom+xml"]')).to_have_count(2)
    expect(tab.locator("html.js")).to_have_count(1)  # the page's script did run
    assert [url for url in requested if "sitemap" in url] == []
    context.close()


# The zh-Hans edition (vlmguide.pages.editions): the switch, and search across scripts.


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    ("start", "label", "twin"),
    [("papers/clip/", "简体中文", "zh-Hans/papers/clip/"), ("zh-Hans/eras/llm/", "繁體中文", "eras/llm/")],
)
def test_the_language_switch_lands_on_the_same_page_in_the_other_script(browser, site_url, width, start, label, twin):
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    tab.goto(site_url + start)
    tab.locator(".md-header__option .md-select button").click()
    tab.get_by_role("link", name=label).click()
    expect(tab).to_have_url(site_url + twin)
    lang = "zh-Hans" if twin.startswith("zh-Hans/") else "zh-TW"
    expect(tab.locator("html")).to_have_attribute("lang", lang)
    expect(tab.locator("h1").first).to_be_visible()
    context.close()


def test_the_switch_works_without_scripts(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "papers/clip/")
    link = tab.locator('.md-select__link[hreflang="zh-Hans"]')
    assert link.get_attribute("href") == "../../zh-Hans/papers/clip/"
    context.close()


# Everyday queries, each as a Traditional reader and a Simplified reader types it (OpenCC's own
# conversion, not ours: what an input method gives), and words that differ between the two.
ACROSS_SCRIPTS = [
    ("對比學習", "对比学习"),
    ("幻覺", "幻觉"),
    ("指令調整", "指令调整"),
    ("凍結", "冻结"),
    ("零樣本", "零样本"),
    ("蒸餾", "蒸馏"),
    ("編碼器", "编码器"),
    ("影像分割", "图像分割"),
]


def _as_typed(built_site, edition: str, text: str) -> str:
    """text as the edition's search box shows it once converted (its search/script.json)."""
    table = json.loads((built_site.site / edition / "search" / "script.json").read_text(encoding="utf-8"))
    return by_table(dict(zip(table["from"], table["to"], strict=True)), text)


@pytest.mark.parametrize(("traditional", "simplified"), ACROSS_SCRIPTS)
def test_a_query_in_either_script_finds_the_same_papers_on_either_edition(
    page, site_url, built_site, catalogue, traditional, simplified
):
    """As the Traditional query on zh-TW does; a query in the other script is shown converted."""
    expected = set(search(page, site_url, traditional))
    assert expected and expected >= papers_mentioning(catalogue, traditional)
    hans = SIMPLIFIED.prefix
    assert set(search(page, site_url, simplified, _as_typed(built_site, "", simplified))) == expected
    assert set(search(page, site_url + hans, simplified, _as_typed(built_site, hans, simplified))) == expected
    assert set(search(page, site_url + hans, traditional, _as_typed(built_site, hans, traditional))) == expected
    assert page.problems == []


@pytest.mark.parametrize(("note_word", "mainland"), [("物件偵測", "目标检测"), ("資料集", "数据集")])
def test_a_mainland_word_finds_what_the_note_says_with_its_own(
    page, site_url, built_site, catalogue, note_word, mainland
):
    """Words script conversion cannot bridge (data/zh-hans.yaml): the mainland word finds the papers the
    note's word finds, on both editions, and so does the note's word on zh-Hans (and, on zh-TW, the pages
    that write the mainland word themselves: the note writes 數據集 too)."""
    expected = set(search(page, site_url, note_word))
    assert expected and expected == papers_mentioning(catalogue, note_word)
    hans = SIMPLIFIED.prefix
    assert set(search(page, site_url, mainland, _as_typed(built_site, "", mainland))) >= expected
    assert set(search(page, site_url + hans, mainland, _as_typed(built_site, hans, mainland))) >= expected
    assert set(search(page, site_url + hans, note_word, _as_typed(built_site, hans, note_word))) >= expected
    assert page.problems == []


@pytest.mark.parametrize("query", ["对比学习", "對比學習"])
def test_a_pasted_query_in_either_script_shows_results_on_zh_hans(page, site_url, catalogue, query):
    page.goto(site_url + SIMPLIFIED.prefix)
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.focus()
    page.keyboard.insert_text(query)  # one input event: no keydown, no keyup
    expect(box).to_have_value("对比学习")
    first = page.locator(".md-search-result__item > a[href*='/zh-Hans/papers/']").first
    expect(first).to_be_visible()
    found = re.search(r"/papers/([^/]+)/", first.get_attribute("href"))[1]
    assert found in papers_mentioning(catalogue, "對比學習")
    assert page.problems == []


@pytest.mark.parametrize("edition", ["", "zh-Hans/"])
def test_the_index_and_the_conversion_table_are_fetched_only_when_search_is_used(browser, site_url, edition):
    """A visit that never searches downloads neither (vlmguide.mkdocs.search_loading); opening search
    fetches the root of the edition's own index and its query table, a query typed at once fetches
    parts of that index (vlmguide.mkdocs.search_parts) and is answered."""
    context = browser.new_context()
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(site_url + edition + "eras/llm/")
    tab.wait_for_load_state("networkidle")
    tab.mouse.wheel(0, 600)  # a reader scrolls and leaves without searching
    tab.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search/" in url or "sitemap" in url]
    box = tab.locator("input.md-search__input")
    with (
        tab.expect_request(site_url + edition + "search/parts.json"),
        tab.expect_request(site_url + edition + "search/script.json"),
    ):
        box.focus()
    with tab.expect_request(lambda request: request.url.startswith(site_url + edition + "search/parts/d")):
        box.fill("CLIP")
        box.press("End")
    expect(tab.locator(".md-search-result__item a[href*='papers/clip/']").first).to_be_visible()
    assert not [url for url in requested if url.endswith("search_index.json")]
    context.close()


def test_a_page_opened_from_a_search_result_highlights_its_terms(browser, site_url):
    """Only such a page (?h= in its address) loads the index without search being opened."""
    context = browser.new_context()
    tab = context.new_page()
    with tab.expect_request(site_url + "search/parts.json"):
        tab.goto(site_url + "papers/clip/?h=CLIP")
    expect(tab.locator("article mark").first).to_have_text(re.compile("CLIP", re.IGNORECASE))
    context.close()


def test_results_show_before_their_texts_when_the_documents_lie_in_many_blocks(
    browser, built_site, catalogue, tmp_path
):
    """Where a query's documents lie in more blocks than the worker fetches before it answers (a broad
    query on a large catalogue; here every query, direct 0), the results show from the heads at once,
    with their count and links, the first page (rank 1) highlighted and the rest by title, and their
    texts once the blocks of documents arrive (vlmguide.mkdocs.search_parts)."""
    title = catalogue.papers_by_id["clip"].title
    blocks = threading.Event()  # the blocks of documents wait for it
    site = with_direct(built_site.site, tmp_path / "site", 0, rank=1)
    with serve_directory(site, hold=("/search/parts/d", blocks)) as url:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(url + "eras/llm/")
        tab.wait_for_load_state("networkidle")
        box = tab.locator("input.md-search__input")
        box.focus()
        with tab.expect_request(lambda request: "/search/parts/d" in request.url):
            box.fill("CLIP")
            box.press("End")
        results = tab.locator(".md-search-result__item")
        clip = results.filter(has=tab.locator("a[href*='papers/clip/']")).first
        expect(clip).to_be_visible()
        meta = tab.locator(".md-search-result__meta")
        expect(meta).to_have_text(re.compile(r"\d"))
        found = meta.text_content() or ""
        expect(clip).not_to_contain_text(title)
        expect(results.first.locator("mark").first).to_be_visible()  # the page answered in full
        expect(clip.locator("mark")).to_have_count(0)  # a page further down: its title alone
        blocks.set()
        expect(clip).to_contain_text(title)
        expect(clip.locator("mark").first).to_be_visible()
        expect(meta).to_have_text(found)  # the whole answer found as many pages
        context.close()
