"""The zh-Hans edition: conversion, the term table's errors, and the search tables (the browser tests
try them as readers do; tests/test_content.py checks the whole converted site)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.project import mkdocs_build
from vlmguide.catalogue.errors import CatalogueError
from vlmguide.catalogue.loader import SCRIPT_TERMS_FILE, load_catalogue
from vlmguide.catalogue.model import ScriptTerms
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.mkdocs.search_index import with_search_words
from vlmguide.pages.editions import SIMPLIFIED, TRADITIONAL, edition_of, simplified_nav
from vlmguide.pages.search_scripts import by_table, han_counts, script_table, search_terms
from vlmguide.pages.simplified import Simplifier


@pytest.fixture(scope="module")
def simplify() -> Simplifier:
    return Simplifier({"序列": "序列", "物件偵測": "目标检测", "物件": "物体"})


def test_the_term_table_comes_before_opencc(simplify):
    plain = Simplifier({})
    assert plain.text("序列到序列的物件偵測") == "串行到串行的对象侦测"  # what tw2sp alone writes
    assert simplify.text("序列到序列的物件偵測") == "序列到序列的目标检测"
    assert simplify.text("以物件標籤作為錨點") == "以物体标签作为锚点"  # the longest entry first, then the rest
    assert simplify.text("arXiv:2103.00020 https://arxiv.org/abs/2103.00020 CLIP") == (
        "arXiv:2103.00020 https://arxiv.org/abs/2103.00020 CLIP"
    )


def test_code_stays_as_written(simplify):
    html = '<p title="簡單摘要">簡單摘要</p><pre><code>summary: 簡單摘要\n</code></pre><code>關鍵</code>'
    assert (
        simplify.html(html)
        == '<p title="简单摘要">简单摘要</p><pre><code>summary: 簡單摘要\n</code></pre><code>關鍵</code>'
    )
    markdown = "寫 `簡單摘要` 欄位:\n\n```yaml\nsummary: 簡單摘要\n```\n\n完成後存檔。"
    assert simplify.markdown(markdown) == "写 `簡單摘要` 字段:\n\n```yaml\nsummary: 簡單摘要\n```\n\n完成后存盘。"


def test_twin_addresses_and_the_navigation(simplify):
    assert edition_of("zh-Hans/papers/clip/") is SIMPLIFIED and edition_of("papers/clip/") is TRADITIONAL
    assert SIMPLIFIED.url_of("papers/clip/") == "zh-Hans/papers/clip/"
    assert TRADITIONAL.url_of("zh-Hans/papers/clip/") == "papers/clip/"
    assert TRADITIONAL.url_of("") == "" and SIMPLIFIED.url_of("") == "zh-Hans/"
    nav = [{"首頁": "index.md"}, {"年代": [{"物件偵測": "eras/det.md"}]}, {"外部": "https://example.org/"}]
    assert simplified_nav(nav, simplify) == [
        {"首页": "zh-Hans/index.md"},
        {"年代": [{"目标检测": "zh-Hans/eras/det.md"}]},
        {"外部": "https://example.org/"},
    ]


def test_the_zh_tw_table_leaves_characters_the_index_holds():
    """Simplified 后 and 发 become the Traditional characters the index uses; 注, which the index holds
    itself (注意), is never turned into 註 although 註 is more frequent."""
    counts = han_counts(["之後 發表 編者註 編者註 注意"])
    table = script_table(TRADITIONAL, counts, counts)
    assert by_table(table, "之后发表注意") == "之後發表注意"
    assert "注" not in table and "后" in table


def test_the_zh_hans_table_converts_only_into_characters_the_edition_holds():
    table = script_table(SIMPLIFIED, han_counts(["對比學習 顯著"]), han_counts(["对比学习 显著"]))
    assert by_table(table, "對比學習") == "对比学习"
    assert "著" not in table  # the zh-Hans index holds 著 itself (显著)


def test_each_edition_indexes_the_other_word_of_a_term(simplify):
    terms = ScriptTerms(terms={"物件偵測": "目标检测"}, search_words={"数据集": "資料集"})
    counts = han_counts(["物件偵測 資料集 數據 目標 檢測"])
    tw_table = script_table(TRADITIONAL, counts, counts)
    pairs = search_terms(TRADITIONAL, terms, simplify, tw_table)
    assert ("物件偵測", "目標檢測") in pairs and ("資料集", "數據集") in pairs
    docs = [{"location": "papers/a/", "title": "A", "text": "<p>\u200b物件\u200b偵測\u200b</p>"}]
    with_search_words(docs, pairs)
    # the page word, which jieba split, and the mainland word, both as whole words
    assert docs[0]["text"].endswith("<span hidden>\u200b物件偵測\u200b目標檢測\u200b</span>")


def test_a_duplicate_term_is_refused_at_its_line(data):
    (data / SCRIPT_TERMS_FILE).write_text("terms:\n  序列: 序列\n  物件: 物体\n  序列: 串行\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data, display_root=data.parent)
    assert "data/zh-hans.yaml:4:3: terms.序列: duplicate key '序列'" in caught.value.report()


def test_malformed_term_table_entries_are_each_refused_at_their_line(data):
    (data / SCRIPT_TERMS_FILE).write_text(
        "terms:\n  序列: 序列\n  物件: [物体]\n  文字: <b>文本</b>\nsearch_words: 3\n", encoding="utf-8"
    )
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data, display_root=data.parent)
    located = sorted((p.line, p.col, p.field) for p in caught.value.problems)
    assert located == [(3, 7, "terms.物件"), (4, 7, "terms.文字"), (5, 15, "search_words")]


def test_a_bad_term_is_located_at_its_line_and_column(data):
    path = data / SCRIPT_TERMS_FILE
    path.write_text("terms:\n  序列: 序列\n  abc: 文本\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data, display_root=data.parent)
    problem = next(p for p in caught.value.problems if p.file.endswith(SCRIPT_TERMS_FILE))
    assert (problem.line, problem.col) == (3, 3)
    assert "Han character" in problem.message


def test_without_a_term_table_the_catalogue_loads_as_before(data):
    (data / SCRIPT_TERMS_FILE).unlink()
    catalogue = load_catalogue(data)
    assert catalogue.script_terms == ScriptTerms() and catalogue.script_terms_file is None


def test_a_bad_edit_fails_the_build_once_not_once_per_edition(project: Path):
    papers = DataFile(project / "data" / "papers.yaml")
    papers.set(papers.paper_loc("clip", "year"), "二〇二一")
    result = mkdocs_build(project)
    assert result.returncode != 0
    located = [line for line in result.output.splitlines() if "papers.yaml:" in line and "year" in line]
    assert len(located) == 1, result.output
    assert "Traceback" not in result.output


def test_the_zh_tw_edition_can_be_built_alone(project: Path):
    """`extra: {zh_hans: false}`: no zh-Hans pages, index or switch (the benchmark's baseline)."""
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  alternate: true\n", "  alternate: true\n  zh_hans: false\n"),
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    assert not (result.site / SIMPLIFIED.prefix).exists()
    clip = (result.site / "papers" / "clip" / "index.html").read_text(encoding="utf-8")
    assert "md-select__link" not in clip and 'hreflang="zh-Hans"' not in clip
    assert (result.site / "search" / "search_index.json").is_file() and (
        result.site / "search" / "script.json"
    ).is_file()
