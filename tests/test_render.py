"""Rendering without MkDocs (fixture catalogue): page set, links, escaping."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import ERA_COLUMNS, FIXTURE_DATA
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.catalogue.model import Catalogue, Essay, Paper, Point
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.mkdocs.html_page import table_of_contents
from vlmguide.pages import tables
from vlmguide.pages.builders import render_pages
from vlmguide.pages.inline import description, inline, link_papers
from vlmguide.pages.navigation import nav
from vlmguide.pages.tables import table_pages


@pytest.fixture(scope="module")
def pages(catalogue):
    return {page.path: page for page in render_pages(catalogue)}


def test_page_set(catalogue):
    expected = (
        {"index.md", "essay.md", "lineage.md", "topics/index.md", "paths/index.md", "corrections.md"}
        | {f"eras/{e.id}.md" for e in catalogue.eras}
        | {f"papers/{p.id}.md" for p in catalogue.papers}
        | {f"topics/{t.id}.md" for t in catalogue.topics}
        | {f"paths/{p.id}.md" for p in catalogue.paths}
    )
    paths = [page.path for page in render_pages(catalogue)]  # a list: two pages at one path would both count
    assert sorted(paths) == sorted(expected)


def test_paper_page_content(pages):
    page = pages["papers/clip.md"]
    text = page.html
    assert '<h1 id="clip">CLIP<a class="headerlink" href="#clip"' in text
    assert "Learning Transferable Visual Models From Natural Language Supervision" in text
    assert "Alec Radford, Jong Wook Kim" in text
    assert 'href="https://arxiv.org/abs/2103.00020"' in text and 'href="https://arxiv.org/pdf/2103.00020"' in text
    assert '<a href="../../eras/representation/">提升視覺表徵與簡化架構 (2021)</a>' in text
    assert "<li>Zero-Shot Transfer</li>" in text
    assert "使用<strong>4 億張圖片和文字配對</strong>的資料集" in text  # emphasis in the data takes effect
    assert '<a class="paper-pager__prev" href="../align/">← 上一篇:ALIGN</a>' in text
    assert '<a class="paper-pager__next" href="../vild/">下一篇:ViLD →</a>' in text
    assert page.source == "data/papers.yaml"
    assert page.markdown.startswith('---\ntitle: "CLIP — Learning Transferable') and page.markdown.endswith("---\n")


def test_first_and_last_paper_have_one_neighbour(pages):
    assert "← 上一篇" not in pages["papers/vse.md"].html and "下一篇:VSE++" in pages["papers/vse.md"].html
    assert "下一篇:" not in pages["papers/cogagent.md"].html and "上一篇:VCD" in pages["papers/cogagent.md"].html


def test_era_table_has_the_notes_six_columns(catalogue, pages):
    text = pages["eras/alignment.md"].html
    headers = re.findall(r"<th[^>]*><button[^>]*>(.*?)</button></th>", text)  # sort buttons (tables.js)
    assert headers == ERA_COLUMNS
    rows = re.findall(r"<tr>\n(.*?)</tr>", text, re.S)[1:]
    assert len(rows) == 3
    assert (
        '<a href="../../papers/vsepp/"><strong>VSE++</strong></a><br>'
        '<a href="https://arxiv.org/abs/1707.05612">arXiv:1707.05612</a>'
    ) in rows[1]
    assert sum(len(catalogue.papers_in(e)) for e in catalogue.eras) == len(catalogue.papers)


def test_table_pages_split_a_long_table_and_label_each_page_with_its_years(catalogue, monkeypatch):
    papers = catalogue.papers
    fits = papers[: tables.TABLE_PAGE_ROWS]
    assert [(t.number, t.count, t.path, t.papers, t.suffix) for t in table_pages(fits, "p{}.md".format)] == [
        (1, 1, "p1.md", fits, "")
    ]
    monkeypatch.setattr(tables, "TABLE_PAGE_ROWS", 25)
    split = table_pages(papers, "p{}.md".format)
    assert [t.path for t in split] == ["p1.md", "p2.md", "p3.md"] and split[1].suffix == " 第 2 頁"
    assert [p for t in split for p in t.papers] == list(papers) and [len(t.papers) for t in split] == [25, 25, 16]
    years = [sorted({p.year for p in t.papers}) for t in split]
    assert [t.label for t in split] == [f"第 {n} 頁({y[0]}–{y[-1]})" for n, y in enumerate(years, 1)]
    assert [t.label for t in table_pages([], "p{}.md".format)] == ["第 1 頁"]


def test_real_eras_and_topics_fit_one_page(catalogue, pages):
    assert max(len(catalogue.papers_in(e)) for e in catalogue.eras) <= tables.TABLE_PAGE_ROWS
    assert not any("vlm-pager" in page.html for page in pages.values())


def test_home_lists_eras_with_counts_and_spans(pages):
    text = pages["index.md"].html
    assert re.search(
        r'<a href="eras/alignment/">早期多模態對齊與嵌入</a></td>\n<td[^>]*>2014–2018</td>\n<td[^>]*>3</td>', text
    )
    assert re.search(
        r'<a href="eras/representation/">提升視覺表徵與簡化架構</a></td>\n<td[^>]*>2021</td>\n<td[^>]*>25</td>', text
    )
    assert 'href="essay/"' in text


def test_essay_links_every_mention(pages):
    text = pages["essay.md"].html
    assert '<strong><a href="../papers/clip/">CLIP</a></strong>' in text
    assert '(如 <a href="../papers/vse/">VSE</a>)' in text
    assert "paper:" not in text
    assert pages["essay.md"].source == "data/essay.yaml"


def test_table_of_contents_follows_the_headings(pages):
    toc = table_of_contents(pages["papers/clip.md"].html)
    [title] = toc.items
    assert (title.title, title.id, title.level) == ("CLIP", "clip", 1)
    assert [c.id for c in title.children][:3] == ["簡單摘要", "關鍵技術與閱讀重點", "基本原理"]


def test_nav_keeps_papers_out(catalogue):
    entries = nav(catalogue, [{"關於本站": "about.md"}])
    flat = str(entries)
    assert "papers/" not in flat and "topics/retrieval" not in flat  # per-paper and per-topic pages stay out
    assert entries[0] == {"首頁": "index.md"} and entries[-1] == {"關於本站": "about.md"}
    assert len(entries[1]["年代"]) == len(catalogue.eras)


def test_links_from_nested_pages_are_relative():
    assert link_papers("見 [CLIP](paper:clip)", "index.md") == '見 <a href="papers/clip/">CLIP</a>'
    assert link_papers("見 [CLIP](paper:clip)", "papers/vild.md") == '見 <a href="../clip/">CLIP</a>'
    assert link_papers("見 [CLIP](paper:clip)", "eras/x.md") == '見 <a href="../../papers/clip/">CLIP</a>'


@pytest.mark.parametrize(
    "text, html",
    [
        ("用 **粗體** 與 *斜體*", "用 <strong>粗體</strong> 與 <em>斜體</em>"),
        ("1. 不是清單", "1. 不是清單"),  # a field that starts like a list, heading or quote stays text
        ("# 不是標題", "# 不是標題"),
        ("> 不是引言", "&gt; 不是引言"),
        ("- 不是項目", "- 不是項目"),
        ("a [b](c) {: onclick=x } <i> & ", "a [b](c) {: onclick=x } &lt;i&gt; &amp; "),
    ],
)
def test_inline_lets_only_emphasis_take_effect(text, html):
    assert inline(text) == html


XSS = "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) & |"


def test_renderer_escapes_text_even_if_validation_were_bypassed(catalogue):
    """Defence in depth: the loader refuses HTML, and the renderer could not emit it anyway."""
    first = catalogue.papers[0]
    evil = Paper.model_construct(
        **{
            **first.__dict__,
            "name": XSS,
            "summary": XSS,
            "mechanism": XSS,
            "title": XSS,
            "authors": [XSS],
            "key_techniques": [XSS],
        }
    )
    essay = Essay.model_construct(
        title=XSS, lead=XSS, points=[Point.model_construct(heading=XSS, text=XSS)], conclusion=[XSS]
    )
    hacked = Catalogue(
        title=XSS,
        eras=catalogue.eras,
        papers=(evil, *catalogue.papers[1:]),
        essay=essay,
        topics=catalogue.topics,
        paths=catalogue.paths,
        papers_file="data/papers.yaml",
        essay_file="data/essay.yaml",
    )
    pages = render_pages(hacked)
    rendered = {page.path: page.html for page in pages}
    for page in pages:  # front matter: escaped, because the theme writes it into the page as it is
        assert "<" not in page.markdown, page.path
    assert '"&lt;script&gt;alert(1)&lt;/script&gt;' in {p.path: p for p in pages}["papers/vse.md"].markdown
    for path, html in rendered.items():
        # A table's own data block is JSON (not run), with every "<" escaped inside it.
        data_blocks = re.findall(r'<script type="application/json" class="vlm-table-data">(.*?)</script>', html, re.S)
        assert all("<" not in block for block in data_blocks), path
        html = re.sub(r'<script type="application/json" class="vlm-table-data">.*?</script>', "", html, flags=re.S)
        assert "<script" not in html and "<img" not in html, path
        assert 'href="javascript:' not in html and "onerror=" not in html.replace("onerror=alert(2)&gt;", ""), path
    for path in ("papers/vse.md", "eras/alignment.md", "essay.md", "index.md"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered[path], path


def test_description():
    assert description("用 **粗體** 與 [CLIP](paper:clip)") == "用 粗體 與 CLIP"
    assert len(description("字" * 400)) == 150


DAY = dt.date(2026, 12, 1)


def test_remarks_aliases_and_highlights_are_shown_where_they_belong(data):
    papers = DataFile(data / "papers.yaml")
    papers.insert_after(papers.paper_loc("clip", "mechanism"), "aliases", ["CLIP-ViT"])
    papers.insert_after(
        papers.paper_loc("clip", "aliases"),
        "remarks",
        [
            {"text": "摘要的更正。", "source": "https://arxiv.org/abs/2103.00020", "field": "summary", "date": DAY},
            {"text": "名稱的說明。", "date": DAY},
        ],
    )
    era = papers.value(("eras",)).index(next(e for e in papers.value(("eras",)) if e["id"] == "representation"))
    papers.insert_after(("eras", era, "end"), "highlights", ["vilt", "clip"])
    essay = DataFile(data / "essay.yaml")
    essay.insert_after(("points", 1, "text"), "remarks", [{"text": "短文的更正。", "date": DAY}])
    catalogue = load_catalogue(data)
    pages = {page.path: page.html for page in render_pages(catalogue)}

    clip = pages["papers/clip.md"]
    assert '<p class="paper-aliases">又稱:CLIP-ViT</p>' in clip
    summary, techniques = clip.index('id="簡單摘要"'), clip.index('id="關鍵技術與閱讀重點"')
    assert summary < clip.index("摘要的更正。") < techniques  # under the section it corrects
    assert clip.index("名稱的說明。") < summary  # a remark on the paper itself: under its head
    assert '<div class="admonition note vlm-remark" id="remark-1">' in clip and 'id="remark-2"' in clip
    assert '(<a href="https://arxiv.org/abs/2103.00020">arXiv:2103.00020</a>)' in clip
    for table in ("eras/representation.md", "topics/contrastive.md"):
        assert 'href="../../papers/clip/#remark-1"' in pages[table] and "vlm-remark-mark" in pages[table], table
        assert 'href="../../papers/align/#remark-1"' not in pages[table]  # only papers with remarks are marked
    corrections = pages["corrections.md"]
    assert 'href="../papers/clip/#remark-1"' in corrections and 'href="../papers/clip/#remark-2"' in corrections
    assert (
        'href="../essay/#point-2-remark-1"' in corrections
        and f"全部 {3 + sum(len(p.remarks) for p in load_catalogue(FIXTURE_DATA).papers)} 則" in corrections
    )
    assert 'id="point-2-remark-1"' in pages["essay.md"] and "短文的更正。" in pages["essay.md"]
    home_row = re.search(r'eras/representation/">.*?</tr>', pages["index.md"], re.S)[0]
    assert re.findall(r'papers/([^/"]+)/', home_row) == ["vilt", "clip"]  # the era's highlights, in order
    assert {"勘誤與編者註": "corrections.md"} in nav(catalogue)


def test_without_remarks_there_is_no_corrections_page(data, catalogue):
    papers = DataFile(data / "papers.yaml")
    for paper in catalogue.remarked_papers:
        papers.remove(papers.paper_loc(paper.id, "remarks"))
    without = load_catalogue(data)
    assert catalogue.has_remarks and not without.has_remarks
    assert "corrections.md" not in {page.path for page in render_pages(without)}
    assert "勘誤與編者註" not in str(nav(without))


def test_official_links_show_beside_arxiv_and_nowhere_for_a_paper_without_them(catalogue, pages):
    clip = pages["papers/clip.md"].html
    assert '<a class="md-button" href="https://github.com/openai/CLIP">' in clip and "程式碼</a>" in clip
    assert '<a class="md-button" href="https://huggingface.co/openai/clip-vit-large-patch14">' in clip
    assert "專案頁" not in clip  # CLIP has no project page in the fixture: no empty button
    llava = pages["papers/llava.md"].html
    assert '<a class="md-button" href="https://llava-vl.github.io">' in llava and "專案頁</a>" in llava
    coca = pages["papers/coca.md"].html
    assert "程式碼</a>" not in coca and "模型權重" not in coca
    assert '非官方實作(不是作者釋出的):<a href="https://github.com/lucidrains/CoCa-pytorch">CoCa-pytorch</a>' in coca
    without = [p for p in catalogue.papers if not (p.code or p.weights or p.project or p.reimplementations)]
    for paper in without:
        html = pages[f"papers/{paper.id}.md"].html
        assert not any(word in html for word in ("程式碼</a>", "模型權重", "專案頁", "非官方實作")), paper.id


def test_tables_mark_papers_with_code_and_offer_the_filter_only_where_one_has_it(catalogue, pages):
    era = pages["eras/representation.md"].html
    assert '<a class="vlm-code-mark" href="https://github.com/openai/CLIP" aria-label="CLIP 的程式碼">程式碼</a>' in era
    assert '<input name="code" type="checkbox" value="1"> 只看有程式碼' in era
    data = re.search(r'class="vlm-table-data">(.*?)</script>', era, re.S)[1]
    assert '"../../papers/clip/": {"year": 2021, "topics": ["contrastive", "retrieval"], "code": true}' in data
    assert '"../../papers/align/": {"year": 2021, "topics": ["contrastive", "retrieval"], "code": false}' in data
    topic = pages["topics/contrastive.md"].html
    assert 'class="vlm-code-mark" href="https://github.com/openai/CLIP"' in topic and 'name="code"' in topic
    # An era none of whose papers has code gets no filter that would empty the table.
    alignment = pages["eras/alignment.md"].html
    assert 'name="code"' not in alignment and 'name="year"' in alignment
