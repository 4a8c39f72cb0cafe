"""Each edition's search index in parts, so that a reader's first query downloads and indexes only the
documents that can answer it, and is answered before their texts arrive.

Material's search worker builds its lunr index in the reader's browser from every document of the
index before it answers anything: at 5,000 papers (20,000 documents) that takes 2.5 s. Beside each
edition's search_index.json this writes, under the edition's search folder:

- parts.json: what Material's script fetches when search opens (vlmguide.mkdocs.search_loading):
  the index's config, no documents, and under config.parts how the rest is laid out;
- parts/t<k>.json, one per bucket of terms (by the first character of the term): for every term lunr
  indexes, the number of (document, field) pairs holding it (for lunr's idf), how often each document
  holding it has it in its text field and in its title (for those few whose title has it: [which
  holder, count, ...]), the term's number in lunr's index (the order in which it first comes up:
  lunr sums a dot product in that order), and those documents;
- parts/h<m>.json: each document's location, title and search boost, if it has one (its head), in the
  index's order, in blocks;
- parts/d<n>.json: the documents, in the index's order, in blocks.

The worker (search_parts.js, put in front of Material's worker by fix_search_worker_parts) fetches,
per query, the buckets of the query's characters, works out with Material's own query handling
which terms the query can match, fetches the documents holding them and their pages, and has
Material's worker index just those (plus one hidden document holding the buckets' vocabulary, so that
Chinese queries are segmented against the whole vocabulary) with the whole index's idf. lunr's scores
then equal the whole index's (Material sets b = 0, so a field's score depends on its own text and the
term's idf only), and so do the results: tests/test_search_parts.py compares them query by query.

When those documents lie in more than config.parts.direct blocks (a query found on many pages of a
large catalogue: their blocks are most of the index), the worker answers twice. First from the heads
and the buckets alone: it ranks the pages found from the buckets' counts as lunr and Material score
them, and has Material's worker answer for the first config.parts.rank pages (each document set up
with its real title and, as text, the terms the query can match, each as often as the real text has
it); the scores, order, count and titles are the whole index's, the texts left empty, and the pages
further down are listed by title alone. Then, once the blocks are in, the whole answer.

Which terms lunr indexes is decided here with Material's tokenizer rules: text outside HTML tags,
split at the config's separator (a JavaScript regular expression), lowercased, lunr's stop words
(read from the worker) left out. The same test checks that every document's terms, and how often its
text holds each, equal lunr's own.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from vlmguide.files import write_atomically
from vlmguide.mkdocs.search_fix import WORKER_GLOB
from vlmguide.mkdocs.theme_assets import rewrite_asset

ROOT_NAME = "parts.json"  # what Material's script fetches (vlmguide.mkdocs.search_loading)
PARTS_DIR = "parts/"
BUCKET_TERMS = 400  # about this many terms a bucket of terms
BLOCK_BYTES = 96_000  # about this much JSON a block of documents
HEAD_BYTES = 192_000  # about this much JSON a block of heads
DIRECT_BLOCKS = 2  # a query whose documents lie in more blocks is first answered from heads and buckets
RANKED_PAGES = 30  # a first answer from heads: pages answered in full (the first screen's ten and more)
_RANKABLE = frozenset(["location", "title", "text", "boost"])  # what the worker's own ranking reads
_WORKER_MARK = "/* vlmguide: search in parts */"
_STOP_WORDS = re.compile(r"generateStopWordFilter\(\[(?P<words>[^\]]*)\]\)")
# JavaScript's \s, which Python's re does not match to the letter (it adds \x1c-\x1f and \x85, lacks \ufeff).
_JS_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ANGLE = re.compile(r"[<>]")


class SearchPartsError(RuntimeError):
    """The index or Material's worker is not of the kind the parts were written for."""


def stop_words(worker_code: str) -> frozenset[str]:
    """lunr's stop words, as Material's worker carries them."""
    found = _STOP_WORDS.findall(worker_code)
    if len(found) != 1:
        raise SearchPartsError(
            f"Material's search worker has {len(found)} stop word lists; review src/vlmguide/mkdocs/search_parts.py"
        )
    return frozenset(json.loads(f"[{found[0]}]"))


def python_separator(separator: str) -> re.Pattern[str]:
    """The config's separator, a JavaScript regular expression (no flags), as a Python one: \\s spelled
    out as JavaScript reads it, and \\d, \\w, \\b ASCII only, as there."""
    source = separator.replace(r"\s", _JS_SPACE)
    return re.compile(source, re.ASCII)


@dataclass
class Tokenizer:
    """The terms lunr indexes for a field's text in Material's worker (positions aside)."""

    separator: re.Pattern[str]
    stop: frozenset[str]
    _known: dict[str, dict[str, int]] = field(default_factory=dict)

    def counts(self, text: str) -> dict[str, int]:
        """{term: how often text has it}, as lunr counts a term's frequency in a field."""
        known = self._known.get(text)
        if known is None:
            known = self._known[text] = dict(
                Counter(
                    term
                    for section in _text_sections(text)
                    for token in self.separator.split(section)
                    if token and (term := token.lower()) not in self.stop
                )
            )
        return known


def _text_sections(text: str) -> list[str]:
    """The parts of text that Material's extract() tokenizes: what stands outside < ... > tags, read
    as it reads them (a section ends at a '<'; whatever precedes a '>' since the last section is a tag)."""
    sections = []
    start = 0
    for angle in _ANGLE.finditer(text):
        end = angle.start()
        if angle.group() == "<":
            if end > start:
                sections.append(text[start:end])
                start = end
        else:
            start = end + 1
    if len(text) > start:
        sections.append(text[start:])
    return sections


_TOKENIZERS: dict[tuple[str, frozenset[str]], Tokenizer] = {}


def tokenizer(config: dict[str, Any], stop: frozenset[str]) -> Tokenizer:
    """The tokenizer of an index config (one a config, so that `mkdocs serve` re-reads only new texts)."""
    if config.get("lang") != ["en"] or list(config.get("pipeline", [])) not in ([], ["stopWordFilter"]):
        raise SearchPartsError(
            "the search index in parts supports the search plugin's lang: en and pipeline: [stopWordFilter] only, "
            f"not lang {config.get('lang')} and pipeline {config.get('pipeline')}"
        )
    words = stop if "stopWordFilter" in config.get("pipeline", []) else frozenset()
    key = (config["separator"], words)
    if key not in _TOKENIZERS:
        _TOKENIZERS[key] = Tokenizer(python_separator(config["separator"]), words)
    return _TOKENIZERS[key]


def bucket_of(term: str, buckets: int) -> int:
    """The bucket of a term: its first character's code point modulo the count (the worker's bucketOf)."""
    return ord(term[0]) % buckets


def _field_texts(doc: dict[str, Any], name: str) -> list[str]:
    value = doc.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def parent_offsets(docs: list[dict[str, Any]]) -> list[int]:
    """For each document, how far back its page stands (0 for a page), as Material's
    setupSearchDocumentMap pairs them: the first document of a path is its page."""
    pages: dict[str, int] = {}
    offsets = []
    for i, doc in enumerate(docs):
        path = doc["location"].split("#")[0]
        if path in pages:
            offsets.append(i - pages[path])
        else:
            pages[path] = i
            offsets.append(0)
    return offsets


def index_parts(data: dict[str, Any], stop: frozenset[str], path: str) -> dict[str, str]:
    """{file name below the edition's search folder: JSON}: the root and the parts of an index (data,
    as Material's plugin writes it), its parts under path (from the site's root)."""
    config = data["config"]
    docs = data["docs"]
    tokens = tokenizer(config, stop)
    fields = list(config["fields"])
    tally = _Tally()
    for i, doc in enumerate(docs):
        tally.add(i, {name: _field_counts(tokens, _field_texts(doc, name)) for name in fields})
    by_bucket = tally.buckets()
    buckets = len(by_bucket)
    block = _per_block([_size(doc.values()) for doc in docs], BLOCK_BYTES)
    heads = [[doc["location"], doc["title"], *([doc["boost"]] if "boost" in doc else [])] for doc in docs]
    head_block = _per_block([_size(head) for head in heads], HEAD_BYTES)
    files = {f"{PARTS_DIR}t{k}.json": _dump(terms) for k, terms in enumerate(by_bucket)}
    files |= _blocks("d", docs, block) | _blocks("h", heads, head_block)
    version = hashlib.sha256("".join(files[name] for name in sorted(files)).encode()).hexdigest()[:12]
    layout = {
        "path": path + PARTS_DIR,
        "version": version,
        "count": len(docs),
        "buckets": buckets,
        "block": block,
        "heads": head_block,
        "direct": DIRECT_BLOCKS,
        # Documents with other fields (tags) are scored by Material's worker alone.
        "rank": RANKED_PAGES if all(doc.keys() <= _RANKABLE for doc in docs) else 0,
        "parents": parent_offsets(docs),
    }
    root = {k: v for k, v in data.items() if k != "docs"}
    files[ROOT_NAME] = _dump({**root, "config": {**config, "parts": layout}, "docs": []})
    return files


@dataclass
class _Tally:
    """What the buckets say of each term, document by document (index_parts)."""

    pairs: Counter[str] = field(default_factory=Counter)  # term: (document, field) pairs holding it
    first_seen: dict[str, None] = field(default_factory=dict)  # every term, in the order lunr numbers them
    holders: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    in_text: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )  # how often each holder's text has it
    titled: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )  # [holder's place, title count, ...]

    def add(self, number: int, by_field: dict[str, dict[str, int]]) -> None:
        """Document number, whose fields hold by_field ({field: {term: how often}})."""
        holders, in_text = self.holders, self.in_text  # bound once: this runs for every (document, term)
        for counts in by_field.values():
            self.pairs.update(iter(counts))  # an iterator, which Counter counts in C (a mapping it adds in Python)
            self.first_seen.update(dict.fromkeys(counts))
        text_counts = by_field.get("text", {})
        for term, count in text_counts.items():
            holders[term].append(number)
            in_text[term].append(count)
        others: set[str] = set()  # held by another field only
        for name, counts in by_field.items():
            if name == "text":
                continue
            for term in counts.keys() - text_counts.keys() - others:
                others.add(term)
                holders[term].append(number)
                in_text[term].append(0)
            if name == "title":
                for term, count in counts.items():
                    self.titled[term] += (len(holders[term]) - 1, count)

    def buckets(self) -> list[dict[str, list[Any]]]:
        """Every term's entry, in its bucket (bucket_of), each bucket's terms in sorted order."""
        count = max(1, min(512, math.ceil(len(self.pairs) / BUCKET_TERMS)))
        by_bucket: list[dict[str, list[Any]]] = [{} for _ in range(count)]
        for number, term in enumerate(self.first_seen):
            numbers = self.holders[term]
            entry = [
                self.pairs[term],
                self.in_text[term],
                self.titled.get(term, []),
                number,
                numbers[0],
                *_gaps(numbers),
            ]
            by_bucket[bucket_of(term, count)][term] = entry
        return [dict(sorted(terms.items())) for terms in by_bucket]


def _field_counts(tokens: Tokenizer, texts: list[str]) -> dict[str, int]:
    """{term: how often a field holds it}, the field's value being texts (one, mostly)."""
    if len(texts) == 1:
        return tokens.counts(texts[0])
    total: Counter[str] = Counter()
    for text in texts:
        total.update(tokens.counts(text))
    return total


def _size(values: Any) -> int:
    """About how many characters an item of these values takes in JSON (its keys and quotes counted as 12
    a value): an estimate that costs no encoding, which under `mkdocs serve` would hold up the server."""
    return sum(len(str(value)) + 12 for value in values)


def _per_block(sizes: list[int], size: int) -> int:
    """How many items a block holds so that a block's JSON is about size characters (sizes: each item's)."""
    total = sum(sizes)
    return max(1, math.ceil(len(sizes) * size / total)) if total else 1


def _blocks(prefix: str, items: list[Any], per_block: int) -> dict[str, str]:
    """{parts/<prefix><n>.json: JSON of the n-th block of items}."""
    return {
        f"{PARTS_DIR}{prefix}{n}.json": _dump(items[start : start + per_block])
        for n, start in enumerate(range(0, len(items), per_block))
    }


def _gaps(numbers: list[int]) -> list[int]:
    return [b - a for a, b in itertools.pairwise(numbers)]


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def write_index_parts(site_dir: Path, search_dir: str, data: dict[str, Any]) -> None:
    """Write an edition's index (data) in parts into its search folder (search_dir, from site_dir);
    the root last, so that a reader is never pointed at parts not yet written; stale parts removed."""
    folder = site_dir / search_dir
    worker = sorted(site_dir.glob(WORKER_GLOB))
    if len(worker) != 1:
        raise SearchPartsError(f"expected one file matching {WORKER_GLOB} in {site_dir}, found {len(worker)}")
    files = index_parts(data, stop_words(worker[0].read_text(encoding="utf-8")), search_dir)
    for name, text in files.items():
        if name != ROOT_NAME:
            target = folder / name
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                write_atomically(target, text)
    write_atomically(folder / ROOT_NAME, files[ROOT_NAME])
    for old in (folder / PARTS_DIR).glob("*.json"):
        if f"{PARTS_DIR}{old.name}" not in files:
            old.unlink()


def worker_script() -> str:
    """The script put in front of Material's worker."""
    return resources.files("vlmguide.mkdocs").joinpath("search_parts.js").read_text(encoding="utf-8")


def with_parts(code: str, name: str = "the search worker") -> str:
    """Material's worker with the parts loader in front of it (unchanged if it has it)."""
    if _WORKER_MARK in code:
        return code
    return f"{_WORKER_MARK}\n{worker_script()}\n{code}"


def fix_search_worker_parts(site_dir: Path) -> Path:
    """Put the parts loader in front of the built site's search worker; return its path."""
    return rewrite_asset(site_dir, WORKER_GLOB, with_parts, SearchPartsError)
