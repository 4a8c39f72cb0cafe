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

CONFIG = "tw2sp"
# HTML code and preformatted blocks, kept as written.
_HTML_CODE = re.compile(r"(<(pre|code)\b[^>]*>.*?</\2>)", re.S | re.I)
# Markdown fenced blocks (``` or ~~~ at a line's start, to the same fence) and code spans.
_MARKDOWN_CODE = re.compile(
    r"(^(?P<fence>```+|~~~+).*?^(?P=fence)[ \t]*$|(?P<ticks>`+)[^`\n].*?(?P=ticks))", re.S | re.M
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class Simplifier:
    """Converts zh-TW text to the zh-Hans edition's: the term table first, then OpenCC tw2sp."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.terms = dict(terms)
        self._opencc = opencc.OpenCC(CONFIG)
        ordered = sorted(self.terms, key=len, reverse=True)
        self._terms = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def text(self, value: str) -> str:
        """value in Simplified Chinese (text without markup or code)."""
        if not _HAN.search(value):
            return value
        if self._terms is None:
            return self._opencc.convert(value)
        out: list[str] = []
        start = 0
        for match in self._terms.finditer(value):
            out.append(self._opencc.convert(value[start : match.start()]))
            out.append(self.terms[match.group()])
            start = match.end()
        out.append(self._opencc.convert(value[start:]))
        return "".join(out)

    def html(self, value: str) -> str:
        """HTML with its text and attributes converted and its <code> and <pre> kept."""
        return _outside(_HTML_CODE, value, self.text)

    def markdown(self, value: str) -> str:
        """Markdown with its text converted and its code spans and fenced blocks kept."""
        return _outside(_MARKDOWN_CODE, value, self.text)


def _outside(code: re.Pattern[str], value: str, convert: Callable[[str], str]) -> str:
    """value with convert applied to what code does not match."""
    out: list[str] = []
    start = 0
    for match in code.finditer(value):
        out.append(convert(value[start : match.start()]))
        out.append(match.group())
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
