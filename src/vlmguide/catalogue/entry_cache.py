"""Reading a data file's list of entries one entry at a time, so a save re-reads only the entries it changed.

Under `mkdocs serve` every save reads papers.yaml again; at 2,000 papers that is most of the time a
data-only save takes (vlmguide.mkdocs.in_place). The papers are one block list whose items start at
a fixed indentation (`  - id: ...`), so the file splits into its items and the rest (the skeleton:
the file with every item's characters blanked, which keeps every other node's line, column and
offset). Each item is read on its own, as a one-item list, and its positions are shifted to where it
stands in the file; an item read before, with the same text, is reused. The assembled Document is
the one source.read_document makes of the whole file (tests/test_entry_cache.py compares them).

Whenever the file does not split that way, or any part has a problem, the whole file is read as
before, so an editor's error messages never depend on this cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from vlmguide.catalogue.source import MAX_DEPTH, Document, Loc, parse_text, read_document, read_text

_ITEM = "  - "  # how an item of the top-level list starts (the files' own indentation)


@dataclass
class EntryCache:
    """The items of one list key (e.g. "papers") read from the last version of the file."""

    key: str
    parts: dict[str, Document] = field(default_factory=dict)  # {an item's text: it read as a whole file}
    hits: int = 0  # items reused by the last read (tests read it)

    def read(self, path: Path, display: str | None = None) -> Document:
        """path's Document, as read_document makes it, reusing the items read before. The first read
        reads the whole file (faster than its items one by one) and remembers its items from it."""
        doc = Document(path=path, display=display or str(path))
        text = read_text(doc)
        split = _split(text, self.key) if text is not None else None
        if self.parts and text is not None and split is not None:
            assembled = self._assemble(doc, text, split)
            if assembled is not None:
                return assembled
        whole = read_document(path, display)
        self.hits = 0
        self.parts = _items(whole, self.key, split[1]) if split is not None and not whole.problems else {}
        return whole

    def _assemble(self, doc: Document, text: str, split: tuple[str, list[tuple[int, int]]]) -> Document | None:
        skeleton, spans = split
        doc.text = skeleton
        data = parse_text(doc)
        if doc.problems or not isinstance(data, dict) or data.get(self.key) is not None:
            return None
        parts: dict[str, Document] = {}
        self.hits = 0
        items = []
        for index, ((start, end), lines) in enumerate(zip(spans, _lines_before(text, spans), strict=True)):
            chunk = text[start:end]
            part = self.parts.get(chunk)
            if part is None:
                part = Document(path=doc.path, display=doc.display, text=chunk)
                part.data = parse_text(part, max_depth=MAX_DEPTH - 1)  # one level less: the file's mapping
                if part.problems or not isinstance(part.data, list) or len(part.data) != 1:
                    return None
            else:
                self.hits += 1
            parts[chunk] = part
            items.append(part.data[0])
            _place(doc, part, (self.key, index), lines, start)
        self.parts = parts
        doc.text = text
        data[self.key] = items
        doc.data = data
        # The list itself starts where its first item's list did, and ends with its last item; the
        # file's mapping ends with its last value.
        first = parts[text[spans[0][0] : spans[0][1]]]
        line, col = first.positions[()]
        doc.positions[(self.key,)] = (line + text.count("\n", 0, spans[0][0]), col)
        doc.spans[(self.key,)] = (first.spans[()][0] + spans[0][0], doc.spans[(self.key, len(spans) - 1)][1])
        doc.spans[()] = (doc.spans[()][0], doc.spans[(next(reversed(data)),)][1])
        return doc


def _items(doc: Document, key: str, spans: list[tuple[int, int]]) -> dict[str, Document]:
    """Each item of doc's list at key as a Document of its own text: what reading it alone gives."""
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list) or len(items) != len(spans):
        return {}
    lines = _lines_before(doc.text, spans)
    parts = [
        Document(path=doc.path, display=doc.display, text=doc.text[start:end], data=[item])
        for (start, end), item in zip(spans, items, strict=True)
    ]
    for name in ("positions", "key_positions", "spans", "key_spans"):
        for loc, (first, second) in getattr(doc, name).items():
            if len(loc) >= 2 and loc[0] == key and isinstance(loc[1], int):
                index = loc[1]
                shifted = (
                    (first - lines[index], second)  # (line, column)
                    if name.endswith("positions")
                    else (first - spans[index][0], second - spans[index][0])  # (start, end) offsets
                )
                getattr(parts[index], name)[(0, *loc[2:])] = shifted
    for part in parts:  # the one-item list itself starts at the item's dash
        part.positions[()] = (1, len(_ITEM) - 1)
        part.spans[()] = (len(_ITEM) - 2, part.spans[(0,)][1])
    return {part.text: part for part in parts}


def _lines_before(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """For each span, how many lines of text come before it."""
    lines, count, counted = [], 0, 0
    for start, _ in spans:
        count, counted = count + text.count("\n", counted, start), start
        lines.append(count)
    return lines


def _place(doc: Document, part: Document, at: Loc, lines: int, offset: int) -> None:
    """Copy part's positions into doc, its item (0, ...) becoming at + (...)."""
    for source, target in (
        (part.positions, doc.positions),
        (part.key_positions, doc.key_positions),
    ):
        for loc, (line, col) in source.items():
            if loc:
                target[(*at, *loc[1:])] = (line + lines, col)
    for spans, out in ((part.spans, doc.spans), (part.key_spans, doc.key_spans)):
        for loc, (start, end) in spans.items():
            if loc:
                out[(*at, *loc[1:])] = (start + offset, end + offset)


_TOP_KEY = re.compile(r"^[^\s#]", re.M)


def _split(text: str, key: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The skeleton (text with each item of key's list blanked) and each item's (start, end) offsets;
    None unless key's value is a block list of items at the files' indentation."""
    heads = list(re.finditer(rf"^{re.escape(key)}:[ \t]*(?:#[^\n]*)?$", text, re.M))
    if len(heads) != 1:
        return None
    body_start = heads[0].end() + 1
    following = _TOP_KEY.search(text, body_start)
    body_end = following.start() if following else len(text)
    starts = [m.start() + body_start for m in re.finditer(rf"^{re.escape(_ITEM)}", text[body_start:body_end], re.M)]
    if not starts or not _only_comments(text[body_start : starts[0]]):
        return None
    spans = list(zip(starts, [*starts[1:], body_end], strict=True))
    pieces, at = [], 0
    for start, end in spans:
        pieces.append(text[at:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        at = end
    pieces.append(text[at:])
    return "".join(pieces), spans


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
