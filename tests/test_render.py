"""Rendering without MkDocs: page set, links, escaping."""

from __future__ import annotations


import re

import markdown
import pytest

from vlmguide.loader import load_catalogue
from vlmguide.model import Catalogue, Essay, Paper, Point
from vlmguide.render import description, link_papers, nav, plain, render_pages

from .conftest import ROOT


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT / "data")


@pytest.fixture(scope="module")
def pages(catalogue):
    return {page.path: page for page in render_pages(catalogue)}


def test_page_set(catalogue, pages):
    expected = {"index.md", "essay.md", "lineage.md", "topics/index.md", "paths/index.md"} | {
        f"eras/{e.id}.md" for e in catalogue.eras} | {f"papers/{p.id}.md" for p in catalogue.papers} | {
        f"topics/{t.id}.md" for t in catalogue.topics} | {f"paths/{p.id}.md" for p in catalogue.paths}
    assert set(pages) == expected
    assert len(pages) == 5 + 5 + 66 + 14 + 3


def test_paper_page_content(pages):
    text = pages["papers/clip.md"].markdown
    assert "# CLIP\n" in text
    assert "Learning Transferable Visual Models From Natural Language Supervision" in text
    assert "Alec Radford, Jong Wook Kim" in text
    assert "(https://arxiv.org/abs/2103.00020)" in text and "(https://arxiv.org/pdf/2103.00020)" in text
    assert "[提升視覺表徵與簡化架構 (2021)](../eras/representation.md)" in text
    assert "- Zero-Shot Transfer\n" in text
    assert "使用**4 億張圖片和文字配對**的資料集" in text  # bold kept as Markdown
    assert "[← 上一篇:ALIGN](align.md)" in text and "[下一篇:ViLD →](vild.md)" in text
    assert pages["papers/clip.md"].source == "data/papers.yaml"


def test_first_and_last_paper_have_one_neighbour(pages):
    assert "← 上一篇" not in pages["papers/vse.md"].markdown and "下一篇:VSE++" in pages["papers/vse.md"].markdown
    assert "下一篇:" not in pages["papers/cogagent.md"].markdown and "上一篇:VCD" in pages["papers/cogagent.md"].markdown


def test_era_table_has_the_notes_six_columns(catalogue, pages):
    text = pages["eras/alignment.md"].markdown
    assert "| 編號 | 模型名稱 | 發布年份 | 簡單摘要 (核心思想) | 關鍵技術與閱讀重點 | 基本原理 (核心機制) |" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 3
    assert rows[1].startswith("| 2 | [**VSE++**](../papers/vsepp.md)<br>[arXiv:1707.05612](https://arxiv.org/abs/1707.05612) | 2017 |")
    assert sum(len(catalogue.papers_in(e)) for e in catalogue.eras) == 66


def test_home_lists_eras_with_counts_and_spans(pages):
    text = pages["index.md"].markdown
    assert "| [早期多模態對齊與嵌入](eras/alignment.md) | 2014–2018 | 3 |" in text
    assert "| [提升視覺表徵與簡化架構](eras/representation.md) | 2021 | 25 |" in text
    assert "(essay.md)" in text


def test_essay_links_every_mention(pages):
    text = pages["essay.md"].markdown
    assert "**[CLIP](papers/clip.md)**" in text
    assert "(如 [VSE](papers/vse.md))" in text
    assert "paper:" not in text
    assert pages["essay.md"].source == "data/essay.yaml"


def test_nav_keeps_papers_out():
    catalogue = load_catalogue(ROOT / "data")
    entries = nav(catalogue, [{"關於本站": "about.md"}])
    flat = str(entries)
    assert "papers/" not in flat and "topics/retrieval" not in flat  # per-paper and per-topic pages stay out
    assert entries[0] == {"首頁": "index.md"} and entries[-1] == {"關於本站": "about.md"}
    assert len(entries[1]["年代"]) == 5


def test_links_from_nested_pages_are_relative():
    assert link_papers("見 [CLIP](paper:clip)", "index.md") == "見 [CLIP](papers/clip.md)"
    assert link_papers("見 [CLIP](paper:clip)", "papers/vild.md") == "見 [CLIP](clip.md)"
    assert link_papers("見 [CLIP](paper:clip)", "eras/x.md") == "見 [CLIP](../papers/clip.md)"


XSS = '<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) & |'


def test_renderer_escapes_text_even_if_validation_were_bypassed(catalogue):
    """Defence in depth: the loader refuses HTML, and the renderer could not emit it anyway."""
    first = catalogue.papers[0]
    evil = Paper.model_construct(**{**first.__dict__, "name": XSS, "summary": XSS, "mechanism": XSS,
                                    "title": XSS, "authors": [XSS], "key_techniques": [XSS]})
    essay = Essay.model_construct(title=XSS, lead=XSS, points=[Point.model_construct(heading=XSS, text=XSS)],
                                  conclusion=[XSS])
    hacked = Catalogue(title=XSS, eras=catalogue.eras, papers=(evil, *catalogue.papers[1:]), essay=essay,
                       topics=catalogue.topics, paths=catalogue.paths)
    rendered = {page.path: page.markdown.split("---", 2)[-1] for page in render_pages(hacked)}  # skip front matter
    for path, body in rendered.items():
        # Turned into HTML the way the site is (code blocks escape their content themselves).
        html = markdown.markdown(body, extensions=["md_in_html", "attr_list", "tables", "pymdownx.superfences",
                                                  "pymdownx.highlight"])
        # The era table's own data block is JSON (not run), with every "<" escaped inside it.
        data_blocks = re.findall(r'<script class="vlm-era-data" type="application/json">(.*?)</script>', html, re.S)
        assert all("<" not in block for block in data_blocks), path
        html = re.sub(r'<script class="vlm-era-data" type="application/json">.*?</script>', "", html, flags=re.S)
        assert "<script" not in html and "<img" not in html, path
        assert 'href="javascript:' not in html and "onerror=" not in html.replace("onerror=alert(2)&gt;", ""), path
    for path in ("papers/vse.md", "eras/alignment.md", "essay.md", "index.md"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered[path], path


def test_plain_and_description():
    assert plain("a*b_c [d] <e> & f|g") == r"a\*b\_c \[d\] &lt;e&gt; &amp; f\|g"
    assert description("用 **粗體** 與 [CLIP](paper:clip)") == "用 粗體 與 CLIP"
    assert len(description("字" * 400)) == 150
