"""The search index in parts (vlmguide.mkdocs.search_parts): the worker answers every query from the
parts exactly as Material's worker answers it from the whole index (first from the heads, where the
documents lie in many blocks: then as the whole index does with every text empty), and lunr indexes
the terms the parts say it does, as often. The built site's own worker runs in Node
(devtools/search_worker.js)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from devtools.search_worker import run_worker, with_direct
from vlmguide.mkdocs.search_parts import (
    DIRECT_BLOCKS,
    PARTS_DIR,
    ROOT_NAME,
    SearchPartsError,
    index_parts,
    parent_offsets,
    python_separator,
    stop_words,
    tokenizer,
    with_parts,
)

EDITIONS = ["search/", "zh-Hans/search/"]
# Everyday queries and lunr's syntax: prefixes, fields, required and excluded terms, fuzzy terms,
# leading wildcards, quotes, the other script, terms no page holds, one character.
QUERIES = [
    "對比學習",
    "对比学习",
    "CLIP",
    "clip 對比",
    "視覺 語言 模型",
    "零樣本",
    "幻覺",
    "title:clip",
    "+對比 +學習",
    "-clip 模型",
    "-clip",
    "clp~1",
    "*former",
    '"vision language"',
    "zzzzqx",
    "c",
    "的",
    "LLaVA-1.5",
    "2103.00020",
    "ViT 編碼器",
]


def parts_terms(site: Path, search_dir: str) -> dict[str, list]:
    """{term: [(document, field) pairs, sorted locations, how often each one's text holds the term, and
    its title, the term's number in lunr's index]} as the parts hold them."""
    folder = site / search_dir
    layout = json.loads((folder / ROOT_NAME).read_text(encoding="utf-8"))["config"]["parts"]
    docs = []
    for n in range(0, layout["count"], layout["block"]):
        docs += json.loads((folder / PARTS_DIR / f"d{n // layout['block']}.json").read_text(encoding="utf-8"))
    assert len(docs) == layout["count"]
    terms = {}
    for k in range(layout["buckets"]):
        for term, entry in json.loads((folder / PARTS_DIR / f"t{k}.json").read_text(encoding="utf-8")).items():
            numbers = [entry[4]]
            for gap in entry[5:]:
                numbers.append(numbers[-1] + gap)
            titles = [0] * len(numbers)
            for k, count in zip(entry[2][::2], entry[2][1::2], strict=True):
                titles[k] = count
            held = sorted(
                (docs[i]["location"], text, title) for i, text, title in zip(numbers, entry[1], titles, strict=True)
            )
            terms[term] = [entry[0], *(list(column) for column in zip(*held, strict=True)), entry[3]]
    return terms


def without_texts(answer: dict) -> dict:
    """An answer with every text, and every parent's, empty: what the first answer from heads holds."""

    def blank(item: dict) -> dict:
        parent = {"parent": {**item["parent"], "text": ""}} if "parent" in item else {}
        return {**item, "text": "", **parent}

    return {**answer, "items": [[blank(item) for item in group] for group in answer["items"]], "partial": True}


@pytest.mark.parametrize("search_dir", EDITIONS)
def test_the_parts_hold_the_terms_lunr_indexes(node, built_site, search_dir):
    lunr = run_worker(node, built_site.site, search_dir, "terms", [])["terms"]
    parts = parts_terms(built_site.site, search_dir)
    assert sorted(set(lunr) ^ set(parts)) == []
    assert [term for term in lunr if lunr[term] != parts[term]] == []


@pytest.mark.parametrize("search_dir", EDITIONS)
def test_answers_from_the_parts_equal_answers_from_the_whole_index(node, built_site, search_dir):
    whole = run_worker(node, built_site.site, search_dir, "whole", QUERIES)
    parts = run_worker(node, built_site.site, search_dir, "parts", QUERIES)
    assert parts["fetched"] and all(name.startswith(search_dir + PARTS_DIR) for name in parts["fetched"])
    for query, expected, answer in zip(QUERIES, whole["answers"], parts["answers"], strict=True):
        assert answer == expected, query
    assert any(answer["items"] for answer in whole["answers"])  # the comparison compares something


@pytest.mark.parametrize("search_dir", EDITIONS)
def test_answers_from_heads_first_equal_the_whole_index_without_texts(node, built_site, search_dir, tmp_path):
    """With every query's documents out of reach (direct 0), each query is answered first from the
    heads and buckets, then from the documents: the first answer is the whole index's with the texts
    left empty (scores, order, count, titles, suggestions), the second the whole index's."""
    site = with_direct(built_site.site, tmp_path / "site", 0, rank=10**6)
    whole = run_worker(node, site, search_dir, "whole", QUERIES)
    firsts = []
    for query, expected in zip(QUERIES, whole["answers"], strict=True):
        parts = run_worker(node, site, search_dir, "parts", [query])  # a new reader: nothing fetched yet
        assert parts["answers"] == [expected], query
        firsts.append(parts["partial"][0])
        if parts["partial"][0] is not None:
            assert parts["partial"][0] == without_texts(expected), query
            assert parts["partial"][0]["items"]
    # Every query that finds a page needs a block of documents, so each was answered first from heads; but
    # a query of exclusions alone may match every document: it fetches them all and answers once.
    once = [q for q, a, f in zip(QUERIES, whole["answers"], firsts, strict=True) if a["items"] and f is None]
    assert once == ["-clip"]


@pytest.mark.parametrize("search_dir", EDITIONS)
def test_a_first_answer_ranks_every_page_and_answers_the_first_in_full(node, built_site, search_dir, tmp_path):
    """With one page answered in full (rank 1), a first answer from heads ranks the pages found itself:
    their order and count are the whole index's; the first page's results are the whole index's
    without texts, and each page after it is its title, with its best result's score and terms."""
    site = with_direct(built_site.site, tmp_path / "site", 0, rank=1)
    whole = run_worker(node, site, search_dir, "whole", QUERIES)
    titles = {doc["location"]: doc["title"] for doc in whole_docs(site, search_dir)}
    ranked = 0
    for query, expected in zip(QUERIES, whole["answers"], strict=True):
        parts = run_worker(node, site, search_dir, "parts", [query])
        assert parts["answers"] == [expected] and parts["warnings"] == [], query
        first, blank = parts["partial"][0], without_texts(expected)
        if first is None:  # no page found, or exclusions alone (answered once)
            continue
        required = '"' in query or any(
            word.startswith(("+", "-")) for word in query.split()
        )  # Material: "a b" is +a +b
        if len(expected["items"]) == 1 or required:
            assert first == blank, query  # one page, or required or excluded terms: Material's worker alone
            continue
        ranked += 1
        pages = [group[0]["location"].split("#")[0] for group in expected["items"][1:]]
        tail = [
            [
                {
                    "location": page,
                    "title": titles[page],
                    "text": "",
                    "score": group[0]["score"],
                    "terms": group[0]["terms"],
                }
            ]
            for page, group in zip(pages, expected["items"][1:], strict=True)
        ]
        assert first["items"] == [blank["items"][0], *tail], query
    assert ranked >= 10  # the everyday queries find more than one page


def whole_docs(site: Path, search_dir: str) -> list[dict]:
    return json.loads((site / search_dir / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_query_whose_documents_lie_in_few_blocks_is_answered_once(node, built_site):
    layout = json.loads((built_site.site / "search" / ROOT_NAME).read_text(encoding="utf-8"))["config"]["parts"]
    assert layout["direct"] == DIRECT_BLOCKS and -(-layout["count"] // layout["block"]) <= DIRECT_BLOCKS
    parts = run_worker(node, built_site.site, "search/", "parts", ["對比學習"])
    assert parts["partial"] == [None] and parts["answers"][0]["items"]
    assert not [name for name in parts["fetched"] if name.startswith(f"search/{PARTS_DIR}h")]


def test_the_same_query_in_a_later_session_fetches_each_part_once(node, built_site):
    """Typing a query word by word asks for each part once; a query whose documents are set up already
    fetches nothing more."""
    answers = run_worker(node, built_site.site, "search/", "parts", ["對比", "對比學習", "對比學習", "對比"])
    assert len(answers["fetched"]) == len(set(answers["fetched"]))
    assert answers["answers"][0] == answers["answers"][3] and answers["answers"][1] == answers["answers"][2]


def test_a_missing_part_answers_nothing_and_the_next_query_asks_again(node, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site.site, site)
    blocks = sorted((site / "search" / PARTS_DIR).glob("d*.json"))
    saved = {block: block.read_bytes() for block in blocks}
    for block in blocks:
        block.unlink()
    broken = run_worker(node, site, "search/", "parts", ["CLIP"])
    assert broken["answers"] == [{"items": []}]
    for block, data in saved.items():
        block.write_bytes(data)
    whole = run_worker(node, site, "search/", "whole", ["CLIP"])
    assert run_worker(node, site, "search/", "parts", ["CLIP"])["answers"] == whole["answers"]


def test_a_first_answer_from_heads_stays_when_the_documents_cannot_be_fetched(node, built_site, tmp_path):
    site = with_direct(built_site.site, tmp_path / "site", 0)
    blocks = sorted((site / "search" / PARTS_DIR).glob("d*.json"))
    saved = {block: block.read_bytes() for block in blocks}
    for block in blocks:
        block.unlink()
    whole = run_worker(node, built_site.site, "search/", "whole", ["CLIP"])["answers"][0]
    broken = run_worker(node, site, "search/", "parts", ["CLIP"])
    assert broken["partial"] == [without_texts(whole)] and broken["answers"] == [None]  # no empty answer after it
    for block, data in saved.items():
        block.write_bytes(data)
    assert run_worker(node, site, "search/", "parts", ["CLIP"])["answers"] == [whole]


def test_the_separator_is_read_as_javascript_reads_it():
    separator = python_separator(r"[\s\-]+|\.(?!\d)")
    assert separator.split("a\ufeffb\x1cc") == ["a", "b\x1cc"]  # JS's \s holds U+FEFF, not U+001C
    assert separator.split("v1.5 end.") == ["v1.5", "end", ""]
    assert separator.split("x.\uff11") == ["x", "\uff11"]  # \d is ASCII in JS: a full-width digit is no digit


def test_text_inside_tags_is_not_indexed_and_stop_words_are_left_out():
    tokens = tokenizer({"lang": ["en"], "pipeline": ["stopWordFilter"], "separator": r"[\s]+"}, frozenset({"the"}))
    assert tokens.counts('<p class="intro">The CLIP <code>model</code></p>') == {"clip": 1, "model": 1}
    assert tokens.counts("x</p> a>b") == {"x": 1, "b": 1}  # Material's extract reads " a>" as a tag


def test_an_index_of_another_kind_is_refused():
    with pytest.raises(SearchPartsError, match="lang"):
        tokenizer({"lang": ["ja"], "pipeline": [], "separator": " "}, frozenset())
    with pytest.raises(SearchPartsError, match="stop word"):
        stop_words("no list here")


def test_sections_point_back_to_their_page():
    docs = [{"location": "a/"}, {"location": "a/#x"}, {"location": "b/#y"}, {"location": "b/#z"}, {"location": "a/#w"}]
    assert parent_offsets(docs) == [0, 1, 0, 1, 4]


def test_the_root_names_every_part_and_versions_them():
    data = {
        "config": {
            "lang": ["en"],
            "pipeline": ["stopWordFilter"],
            "separator": r"[\s]+",
            "fields": {"title": {}, "text": {}},
        },
        "docs": [
            {"location": "a/", "title": "CLIP", "text": "contrastive"},
            {"location": "a/#x", "title": "x", "text": "clip"},
        ],
    }
    files = index_parts(data, frozenset(), "search/")
    layout = json.loads(files[ROOT_NAME])["config"]["parts"]
    assert json.loads(files[ROOT_NAME])["docs"] == []
    assert layout["count"] == 2 and layout["path"] == "search/parts/" and layout["parents"] == [0, 1]
    assert layout["direct"] == DIRECT_BLOCKS
    holding = {t: e for k in range(layout["buckets"]) for t, e in json.loads(files[f"{PARTS_DIR}t{k}.json"]).items()}
    # In a's title and a/#x's text: two pairs, documents 0 and 1, held by their texts 0 and 1 times.
    assert holding["clip"] == [2, [0, 1], [0, 1], 0, 0, 1]  # a's title holds it once: holder 0, once
    assert json.loads(files[f"{PARTS_DIR}h0.json"]) == [["a/", "CLIP"], ["a/#x", "x"]]
    changed = index_parts({**data, "docs": [data["docs"][0]]}, frozenset(), "search/")
    assert json.loads(changed[ROOT_NAME])["config"]["parts"]["version"] != layout["version"]


def test_the_loader_is_put_in_front_of_the_worker_once():
    worker = "self.lunr=Y.default;"
    once = with_parts(worker)
    assert once.endswith(worker) and "search in parts" in once and with_parts(once) == once


def test_the_buckets_count_a_term_as_often_as_the_text_holds_it():
    data = {
        "config": {"lang": ["en"], "pipeline": [], "separator": r"[\s]+", "fields": {"title": {}, "text": {}}},
        "docs": [{"location": "a/", "title": "CLIP clip", "text": "clip <b>CLIP</b> Clip align"}],
    }
    files = index_parts(data, frozenset(), "search/")
    buckets = [json.loads(text) for name, text in files.items() if name.startswith(f"{PARTS_DIR}t")]
    holding = {term: entry for bucket in buckets for term, entry in bucket.items()}
    assert holding["clip"] == [2, [3], [0, 2], 0, 0]  # one pair each for the title and the text
    assert holding["align"] == [1, [1], [], 1, 0]  # the second term lunr meets
