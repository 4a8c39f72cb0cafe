"""Each edition's search index, written as UTF-8, and the table its readers' queries are converted with.

Material's search plugin indexes every page of the build, both editions, into one
search/search_index.json. Each edition searches its own: the zh-Hans entries go to
zh-Hans/search/search_index.json (their locations, below the site's root, stay as they are:
Material resolves them against the site's root), and Material's script is told which one a
page loads (vlmguide.mkdocs.language_alternates). Beside each index, script.json holds the
edition's query conversion table and each entry gets the edition's other search words
(vlmguide.pages.search_scripts). Readers' browsers fetch the same index in parts
(vlmguide.mkdocs.search_parts), written beside it.

Material writes the index with json.dumps' defaults, so every Chinese character becomes a
six-byte \\uXXXX escape, and so does each zero-width space jieba's segmentation puts between
words. Every reader's browser fetches and parses this file, and it grows with the catalogue;
written as UTF-8 it carries the same JSON in about half the bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from vlmguide.files import write_atomically
from vlmguide.mkdocs.search_parts import write_index_parts
from vlmguide.pages.editions import EDITIONS, TRADITIONAL, Edition, edition_of
from vlmguide.pages.generated_site import GeneratedSite
from vlmguide.pages.search_scripts import han_counts, script_table, search_terms
from vlmguide.pages.simplified import HTML_CODE

INDEX_NAME = "search_index.json"
INDEX = TRADITIONAL.search_dir + INDEX_NAME  # Material's, which holds both editions until split
TABLE_NAME = "script.json"
_SEGMENT = "\u200b"  # what jieba's segmentation (Material's plugin) puts between words
_TOKENS = re.compile(r"[\s\u200b<>]+")


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _text(doc: dict[str, Any]) -> str:
    return f"{doc.get('title', '')}\n{doc.get('text', '')}".replace(_SEGMENT, "")


def _prose(doc: dict[str, Any]) -> str:
    """The entry's text without code, which keeps the Traditional field names on zh-Hans pages too."""
    return HTML_CODE.sub(" ", _text(doc))


def with_search_words(docs: list[dict[str, Any]], pairs: list[tuple[str, str]]) -> None:
    """Give each entry that holds a page word (of pairs) the other word as a search term, and the page
    word itself where jieba split it (so both are looked up whole: 图像分割, not 图像 or 分割), in a hidden
    span at the end of its text, which Material's results show as HTML."""
    for doc in docs:
        text = _text(doc)
        tokens = set(_TOKENS.split(f"{doc.get('title', '')} {doc.get('text', '')}"))
        extra = []
        for page_word, word in pairs:
            if page_word in text:
                extra += [page_word] if page_word not in tokens else []
                extra += [word] if word not in text else []
        if extra:
            words = _SEGMENT.join(escape(word) for word in dict.fromkeys(extra))
            doc["text"] = f"{doc.get('text', '')} <span hidden>{_SEGMENT}{words}{_SEGMENT}</span>"


def write_edition_indexes(
    site_dir: Path,
    site: GeneratedSite,
    editions: tuple[Edition, ...] = EDITIONS,
    index: str | None = None,
    superseded: Callable[[], bool] = lambda: False,
) -> bool:
    """Split the built site's index (the search plugin's: index, or as it wrote it) by edition and
    write each of editions, with its table. False if, before an edition, superseded() said that what
    is written now is already out of date (a newer save under serve, which writes them all again)."""
    data = json.loads(index if index is not None else (site_dir / INDEX).read_text(encoding="utf-8"))
    docs: dict[Edition, list[dict[str, Any]]] = {edition: [] for edition in EDITIONS}
    for doc in data["docs"]:
        docs[edition_of(doc["location"])].append(doc)
    traditional = han_counts(_prose(doc) for doc in docs[TRADITIONAL])
    for edition in editions:
        if superseded():
            return False
        own = traditional if edition is TRADITIONAL else han_counts(_prose(doc) for doc in docs[edition])
        table = script_table(edition, traditional, own)
        with_search_words(docs[edition], search_terms(edition, site.catalogue.script_terms, site.simplify, table))
        folder = site_dir / edition.search_dir
        write_atomically(folder / TABLE_NAME, _dump({"from": "".join(table), "to": "".join(table.values())}))
        edition_index = {**data, "docs": docs[edition]}
        write_atomically(folder / INDEX_NAME, _dump(edition_index))  # readers never see half a file
        write_index_parts(site_dir, edition.search_dir, edition_index)  # what readers' browsers fetch
    return True
