"""What must hold for whatever data/ holds: the content tests of an editor's pull request.

Nothing here names a paper, a count or a sentence of today's catalogue. Each test runs on
the live data/ and on a copy of it after a typical editor's week (a summary rewritten, a
paper added the way `vlmguide new` adds one, the essay and a reading path reworded), so a
valid edit can never turn this file red, and a broken invariant always does.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser
import jsonschema
import opencc
import pytest
import yaml
from click.testing import CliRunner

from devtools.project import FIXTURE_DATA, LIVE_DATA, ROOT, BuildResult, copy_project, mkdocs_build
from devtools.synthetic import free_arxiv_id
from vlmguide.arxiv import ids as arxiv
from vlmguide.arxiv.api import Entry
from vlmguide.catalogue.loader import ESSAY_FILE, PAPERS_FILE, load_catalogue
from vlmguide.catalogue.model import Catalogue
from vlmguide.cli import main
from vlmguide.editing.new_paper import append_entry, entry_text, make_entry
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.links.built_site import SiteLinks
from vlmguide.pages.editions import SIMPLIFIED
from vlmguide.pages.home import TIMELINE_MAX_PAPERS
from vlmguide.pages.note_export import export_note
from vlmguide.pages.simplified import simplifier
from vlmguide.pages.urls import era_path, paper_path, path_path, topic_path

NEW_PAPER = {
    "arxiv": "2308.12966",
    "name": "Qwen-VL",
    "year": 2023,
    "title": "Qwen-VL: A Versatile Vision-Language Model for Understanding, Localization, Text Reading, and Beyond",
    "authors": ["Jinze Bai", "Shuai Bai", "Shusheng Yang"],
}


def editors_week(data: Path) -> None:
    """The edits an editor makes in a week, made to data the way an editor makes them."""
    catalogue = load_catalogue(data)
    papers = DataFile(data / PAPERS_FILE)
    rewritten = catalogue.papers_by_id.get("clip", catalogue.papers[0])
    papers.set(
        papers.paper_loc(rewritten.id, "summary"), "編者改寫的摘要:把圖像和文字對齊到同一個空間,並能零樣本轉移。"
    )
    if catalogue.paths:
        papers.set(("paths", 0, "steps", 0, "why"), "編者改寫的理由:先讀這篇,後面的論文都會用到它的想法。")
    essay = DataFile(data / ESSAY_FILE)
    essay.set(("conclusion", 0), "編者改寫的結語:" + essay.value(("conclusion", 0)))

    # A new paper as `vlmguide new` appends it, then filled in: its ID must be new to the catalogue.
    used = {arxiv.parse(p.arxiv).base for p in catalogue.papers}
    arxiv_id = NEW_PAPER["arxiv"] if NEW_PAPER["arxiv"] not in used else free_arxiv_id(NEW_PAPER["arxiv"], used)
    year = arxiv.parse(arxiv_id).year
    if not any(e.start <= year <= e.end for e in catalogue.eras):
        pytest.skip(f"no era of data/ covers {year}: pick another new paper for this test")
    name = NEW_PAPER["name"] if NEW_PAPER["name"] not in {p.name for p in catalogue.papers} else f"Paper {arxiv_id}"
    entry = make_entry(
        catalogue,
        arxiv_id,
        Entry(
            arxiv_id,
            title=NEW_PAPER["title"],
            authors=NEW_PAPER["authors"],
            published=f"{year}-08-24",
            primary_category="cs.CV",
        ),
        name,
        None,
        [catalogue.topics[0].id] if catalogue.topics else [],
    )
    entry.update(
        summary="編者新增的論文摘要。", key_techniques=["多語言", "視覺定位"], mechanism="編者新增的基本原理。"
    )
    earlier = [p.id for p in catalogue.papers if p.year <= year][-1:]
    if earlier:
        entry["builds_on"] = earlier
    append_entry(data, entry_text(entry))


@pytest.fixture(scope="session")
def edited_data(tmp_path_factory) -> Path:
    """A copy of data/ after an editor's week."""
    data = Path(shutil.copytree(LIVE_DATA, tmp_path_factory.mktemp("edited") / "data"))
    editors_week(data)
    return data


@pytest.fixture(scope="session", params=["live", "edited"])
def content(request) -> tuple[Path, Catalogue]:
    """data/ as it is (live), or a copy after an editor's week (edited): the folder and its catalogue."""
    data = LIVE_DATA if request.param == "live" else request.getfixturevalue("edited_data")
    return data, load_catalogue(data)


@pytest.fixture(scope="session")
def content_site(content, tmp_path_factory) -> BuildResult:
    """That data/, built the way CI and deploy build it: `mkdocs build --strict`."""
    data, _ = content
    return mkdocs_build(copy_project(tmp_path_factory.mktemp("content") / "project", data))


def test_an_editors_week_changes_only_what_was_edited(edited_data):
    before, after = load_catalogue(LIVE_DATA), load_catalogue(edited_data)
    assert len(after.papers) == len(before.papers) + 1 and after.papers[-1].summary == "編者新增的論文摘要。"
    changed = [p.id for p in before.papers if p != after.papers_by_id[p.id]]
    assert len(changed) == 1 and after.papers_by_id[changed[0]].summary.startswith("編者改寫的摘要")
    assert after.essay.conclusion[0].startswith("編者改寫的結語:") and after.essay.points == before.essay.points
    assert not after.paths or after.paths[0].steps[0].why.startswith("編者改寫的理由")
    assert export_note(after) != export_note(before)


def test_no_test_pins_todays_content():
    """Tests edit data by field (vlmguide.editing.yaml_edit), never by a literal line of the YAML, and derive
    counts from the catalogue they load: the fixture's paper count appears in no test file."""
    count = len(load_catalogue(FIXTURE_DATA).papers)
    yaml_lines = {
        line
        for path in (LIVE_DATA / PAPERS_FILE, FIXTURE_DATA / PAPERS_FILE)
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 8 and not line.lstrip().startswith("#")
    }
    offenders = []
    for test_file in sorted(Path(__file__).parent.glob("*.py")):
        text = test_file.read_text(encoding="utf-8")
        offenders += [f"{test_file.name}: line of papers.yaml {line!r}" for line in yaml_lines if line in text]
        offenders += [
            f"{test_file.name}:{text.count(chr(10), 0, m.start()) + 1}: the number {count}"
            for m in re.finditer(rf"(?<![\w.]){count}(?![\w.])", text)
        ]
    assert not offenders, offenders


def test_it_validates_strictly(content):
    data, catalogue = content
    proc = subprocess.run(
        [sys.executable, "-m", "vlmguide", "validate", "--strict", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (
        f"ok: {len(catalogue.eras)} eras, {len(catalogue.papers)} papers, {len(catalogue.essay.points)} essay points"
    )
    assert catalogue.warnings == (), "placeholders left in data/"


@pytest.mark.parametrize("name", ["papers", "essay", "zh-hans"])
def test_data_files_declare_and_satisfy_their_schema(content, name):
    path = content[0] / f"{name}.yaml"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schema/{name}.schema.json"
    schema = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    # Dates are YAML timestamps; the schema describes them as strings, as editors see them.
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_strict_build_passes_without_warnings(content_site):
    assert content_site.returncode == 0, content_site.output
    assert "WARNING" not in content_site.output and "Traceback" not in content_site.output


def test_every_paper_era_topic_and_path_has_its_page(content, content_site):
    _, catalogue = content
    site = content_site.site
    expected = (
        [paper_path(p) for p in catalogue.papers]
        + [topic_path(t.id) for t in catalogue.topics]
        + [path_path(p) for p in catalogue.paths]
        + [era_path(e) for e in catalogue.eras]
    )
    missing = [path for path in expected if not (site / path.removesuffix(".md") / "index.html").is_file()]
    assert not missing, missing
    for era in catalogue.eras:
        listed = set()
        for page in (site / "eras" / era.id).rglob("index.html"):
            listed |= set(
                re.findall(r'<td[^>]*>\s*<a href="(?:\.\./)+papers/([^/"]+)/"', page.read_text(encoding="utf-8"))
            )
        assert listed == {p.id for p in catalogue.papers_in(era)}, era.id


def test_every_paper_has_a_bibtex_entry_and_a_row_in_each_download(content, content_site):
    _, catalogue = content
    downloads = content_site.site / "downloads"
    ids = [p.arxiv for p in catalogue.papers]
    bib = bibtexparser.parse_file(str(downloads / "papers.bib"))
    assert not bib.failed_blocks
    assert [e.fields_dict["eprint"].value for e in bib.entries] == ids
    assert len({e.key for e in bib.entries}) == len(ids)  # cite keys are unique
    rows = list(csv.DictReader(io.StringIO((downloads / "catalogue.csv").read_text(encoding="utf-8"))))
    assert [r["arxiv"] for r in rows] == ids
    exported = json.loads((downloads / "catalogue.json").read_text(encoding="utf-8"))
    assert [p["arxiv"] for p in exported["papers"]] == ids
    assert (downloads / "vlm-papers-note.md").read_text(encoding="utf-8") == export_note(catalogue)


def test_every_paper_has_a_mark_on_the_home_page(content, content_site):
    _, catalogue = content
    home = (content_site.site / "index.html").read_text(encoding="utf-8")
    if len(catalogue.papers) > TIMELINE_MAX_PAPERS:
        pytest.skip("above TIMELINE_MAX_PAPERS the home page shows counts, not a mark per paper")
    marked = set(re.findall(r'<a href="papers/([^/"]+)/"', home))
    assert marked >= {p.id for p in catalogue.papers}


def test_every_internal_link_and_anchor_resolves(content_site):
    links = SiteLinks.read(content_site.site)
    problems = links.internal_problems()
    assert not problems, [f"{p.source}: {p.message}" for p in problems[:20]]


def test_the_note_format_round_trips(content, tmp_path):
    """export-note then import-note gives back the same catalogue: nothing the note holds is lost."""
    data, catalogue = content
    note = tmp_path / "note.md"
    runner = CliRunner()
    assert runner.invoke(main, ["export-note", "--data", str(data), "-o", str(note)]).exit_code == 0
    copy = Path(shutil.copytree(data, tmp_path / "data"))
    result = runner.invoke(main, ["import-note", str(note), "--data", str(copy)])
    assert result.exit_code == 0, result.output
    imported = load_catalogue(copy)
    by_id = {p.id: p for p in imported.papers}
    assert by_id == catalogue.papers_by_id
    assert (imported.eras, imported.topics, imported.paths, imported.essay) == (
        catalogue.eras,
        catalogue.topics,
        catalogue.paths,
        catalogue.essay,
    )
    assert export_note(imported) == note.read_text(encoding="utf-8")


def test_every_editors_remark_is_shown_and_listed_on_the_corrections_page(content, content_site):
    _, catalogue = content
    if not catalogue.has_remarks:
        assert not (content_site.site / "corrections").exists()
        return
    corrections = (content_site.site / "corrections" / "index.html").read_text(encoding="utf-8")
    for paper in catalogue.remarked_papers:
        page = (content_site.site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        for n, remark in enumerate(paper.remarks, 1):
            assert f'id="remark-{n}"' in page and f'href="../papers/{paper.id}/#remark-{n}"' in corrections, paper.id
            if remark.source:
                assert f'href="{remark.source}"' in page


def test_the_newest_paper_leads_the_papers_feed(content, content_site):
    """A paper added the way `vlmguide new` adds it (today) is the papers feed's first entry."""
    import feedparser

    from vlmguide.pages.feeds import PAPERS_FEED

    _, catalogue = content
    newest = max(catalogue.papers, key=lambda p: (p.added, p.number))
    parsed = feedparser.parse(content_site.site / PAPERS_FEED.atom)
    assert not parsed.bozo and parsed.entries[0].link.endswith(f"/papers/{newest.id}/")
    assert parsed.entries[0].published.startswith(newest.added.isoformat())


# What plain OpenCC tw2sp wrote in this field's texts before data/zh-hans.yaml corrected it
# (each entry of its `terms` says which). None may appear anywhere in the zh-Hans edition.
KNOWN_BAD_SIMPLIFIED = (
    "串行", "对象侦测", "对象检测", "对象区域", "对象标签", "侦测", "矢量", "查找 Transformer", "内核",
    "统一界面", "创建地图", "杂讯", "透过", "消息特征", "截屏", "存盘", "连接从", "堆栈", "优化运输",
    "程序库", "预设", "下载档", "字汇", "基准线", "一篇一列",
)  # fmt: skip


def test_every_term_of_the_table_converts_as_written(content):
    _, catalogue = content
    simplify = simplifier(catalogue.script_terms.terms)
    wrong = {t: simplify.text(t) for t, s in catalogue.script_terms.terms.items() if simplify.text(t) != s}
    assert wrong == {}


def test_no_known_bad_conversion_appears_in_the_zh_hans_edition(content_site):
    """Not on a page, nor in what search shows. (The search terms hidden in the index, a Taiwanese reader's
    words in Simplified characters (vlmguide.pages.search_scripts), are never shown.)"""
    edition = content_site.site / SIMPLIFIED.prefix
    shown = {path: path.read_text(encoding="utf-8") for path in sorted(edition.rglob("*.html"))}
    index = json.loads((edition / "search" / "search_index.json").read_text(encoding="utf-8"))
    shown[edition / "search"] = re.sub(r"<span hidden>.*?</span>", "", json.dumps(index, ensure_ascii=False))
    found = {
        f"{path.relative_to(edition)}: {bad}"
        for path, text in shown.items()
        for bad in KNOWN_BAD_SIMPLIFIED
        if bad in text
    }
    assert found == set()


def test_every_page_has_its_twin_in_the_other_edition(content_site):
    site = content_site.site
    edition = site / SIMPLIFIED.prefix
    traditional = {p.relative_to(site) for p in site.rglob("index.html") if not p.is_relative_to(edition)} | {
        Path("404.html")
    }
    simplified = {p.relative_to(edition) for p in edition.rglob("*.html")}
    assert simplified == traditional
    # the sitemap lists every page of both editions
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    pages = {"/" + str(p.parent.relative_to(site)).removeprefix(".") for p in site.rglob("index.html")}
    assert {path.removesuffix("/") + "/" for path in pages} == listed


_CODE = re.compile(r"<(pre|code)\b.*?</\1>|<a [^>]*lang=\"zh-TW\"[^>]*>.*?</a>", re.S)


def test_zh_hans_pages_show_no_traditional_characters_outside_code(content_site):
    """Whatever a zh-Hans page shows (its text, the navigation, the header, Material's own words) is in
    Simplified characters; only code (field names an editor types) and the switch to 繁體中文 are not.
    A character is Traditional only if OpenCC's t2s changes it and its s2t does not (著 is both)."""
    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    leftovers = {}
    for path in sorted((content_site.site / SIMPLIFIED.prefix).rglob("*.html")):
        shown = _CODE.sub("", path.read_text(encoding="utf-8"))
        traditional = {
            char
            for char in set(shown)
            if "\u3400" <= char <= "\u9fff"
            and to_simplified.convert(char) != char
            and to_traditional.convert(char) == char
        }
        if traditional:
            leftovers[str(path.relative_to(content_site.site))] = "".join(sorted(traditional))
    assert leftovers == {}
