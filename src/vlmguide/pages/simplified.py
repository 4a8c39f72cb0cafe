"""Traditional (Taiwan) to Simplified Chinese, as the zh-Hans edition is written.

The edition is converted at build time with OpenCC's Taiwan-to-mainland configuration with
phrases (tw2sp), after the project's own term table (data/zh-hans.yaml, `terms`): plain tw2sp
turns 序列 into 串行 and 物件偵測 into 对象侦测, which are wrong in this field. The table's words
are found first, longest first, and written as the table says; only the text between them goes
through OpenCC, so nothing OpenCC does can undo an entry.

Code stays as written: HTML inside <code> and <pre> (BibTeX, YAML examples) and Markdown code
spans and fenced blocks are not converted, so a field name an editor must type (簡單摘要) reads
the same on both editions. Latin text, URLs and arXiv IDs pass through OpenCC unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

import opencc

from vlmguide.catalogue.text import HAN

CONFIG = "tw2sp"
# HTML code and preformatted blocks, kept as written (vlmguide.mkdocs.search_index leaves them out too).
HTML_CODE = re.compile(r"(<(pre|code)\b[^>]*>.*?</\2>)", re.S | re.I)
# Markdown fenced blocks (``` or ~~~ at a line's start, to the same fence) and code spans.
_MARKDOWN_CODE = re.compile(
    r"(^(?P<fence>```+|~~~+).*?^(?P=fence)[ \t]*$|(?P<ticks>`+)[^`\n].*?(?P=ticks))", re.S | re.M
)


class Simplifier:
    """Converts zh-TW text to the zh-Hans edition's: the term table first, then OpenCC tw2sp."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.terms = dict(terms)
        self._opencc = opencc.OpenCC(CONFIG)
        ordered = sorted(self.terms, key=len, reverse=True)
        self._terms = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def text(self, value: str) -> str:
        """value in Simplified Chinese (text without markup or code)."""
        if not HAN.search(value):
            return value
        if self._terms is None:
            return self._opencc.convert(value)
        return _split(self._terms, value, self._opencc.convert, lambda term: self.terms[term])

    @property
    def fingerprint(self) -> str:
        """The term table, as a cache key (what serve's caches must not outlive)."""
        return repr(sorted(self.terms.items()))

    def html(self, value: str) -> str:
        """HTML with its text and attributes converted and its <code> and <pre> kept."""
        return _split(HTML_CODE, value, self.text)

    def markdown(self, value: str) -> str:
        """Markdown with its text converted and its code spans and fenced blocks kept."""
        return _split(_MARKDOWN_CODE, value, self.text)


def _split(
    pattern: re.Pattern[str],
    value: str,
    convert: Callable[[str], str],
    matched: Callable[[str], str] = lambda kept: kept,
) -> str:
    """value with convert applied to the text between pattern's matches, and matched to each match
    (kept as it is by default)."""
    out: list[str] = []
    start = 0
    for match in pattern.finditer(value):
        out.append(convert(value[start : match.start()]))
        out.append(matched(match.group()))
        start = match.end()
    out.append(convert(value[start:]))
    return "".join(out)


@functools.lru_cache(maxsize=4)
def _simplifier(terms: tuple[tuple[str, str], ...]) -> Simplifier:
    return Simplifier(dict(terms))


def simplifier(terms: Mapping[str, str]) -> Simplifier:
    """The Simplifier of this term table (made once per table: a serve rebuild reuses it)."""
    return _simplifier(tuple(sorted(terms.items())))


@functools.lru_cache(maxsize=1)
def _characters() -> opencc.OpenCC:
    return opencc.OpenCC("tw2s")


def simplified_character(char: str) -> str:
    """One character's Simplified form by script alone (OpenCC tw2s, no phrases)."""
    return _characters().convert(char)
