"""Search across scripts: what each edition's index adds, and the table its readers' queries go through.

A query typed in the other script is converted character by character in the reader's browser
(docs/assets/search_input.js), with a table fetched the first time the reader uses search:
Simplified to Traditional on the zh-TW edition, the reverse on zh-Hans. The table holds only the
characters of the edition's own index: a character the index does not hold finds nothing
whichever way it is written. Where one Simplified character stands for several Traditional ones
(发: 發 and 髮), the one the index uses most is taken; a character the index holds as it is is
left alone.

Script conversion cannot bridge words that differ (目标检测 for 物件偵測, 图像 for 影像): for those,
each index entry that holds the note's word also gets the other word as a search term
(data/zh-hans.yaml: the term table's words that change, and search_words).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from vlmguide.catalogue.model import ScriptTerms
from vlmguide.catalogue.text import HAN
from vlmguide.pages.editions import TRADITIONAL, Edition
from vlmguide.pages.simplified import Simplifier, simplified_character


def han_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each Han character occurs in texts (counted in C: thousands of pages)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text)
    return Counter({char: count for char, count in counts.items() if HAN.fullmatch(char)})


def script_table(edition: Edition, traditional: Counter[str], own: Counter[str]) -> dict[str, str]:
    """{character a reader may type: the character the edition's index has}, from the Han characters
    of the zh-TW index's text and of the edition's own (han_counts; the same, for zh-TW).

    A character the edition's index holds itself is never converted: 注 is the Simplified form of 註
    and a Traditional character too (注意力), and 著 is Traditional for 着 and Simplified as well (显著).
    """
    if edition is TRADITIONAL:
        candidates: dict[str, Counter[str]] = defaultdict(Counter)
        for char, count in traditional.items():
            candidates[simplified_character(char)][char] += count
        return {
            simplified: counts.most_common(1)[0][0]
            for simplified, counts in candidates.items()
            if simplified not in own
        }
    return {
        char: simplified
        for char in traditional
        if (simplified := simplified_character(char)) != char and simplified in own and char not in own
    }


def by_table(table: dict[str, str], text: str) -> str:
    """text as the reader's browser converts a query with table."""
    return "".join(table.get(char, char) for char in text)


def search_terms(
    edition: Edition, terms: ScriptTerms, simplify: Simplifier, table: dict[str, str]
) -> list[tuple[str, str]]:
    """[(a word the edition's pages use, another word a reader may search them by, as table converts
    the reader's query)]: on zh-TW, the note's word and the mainland word; on zh-Hans, the converted
    word and the note's (a Taiwanese reader's query)."""
    pairs: dict[tuple[str, str], None] = {}
    words = [*terms.terms.items(), *((note, mainland) for mainland, note in terms.search_words.items())]
    for note, mainland in words:
        page_word, other = (note, mainland) if edition is TRADITIONAL else (simplify.text(note), note)
        token = by_table(table, other)
        if token != page_word:
            pairs[(page_word, token)] = None
    return list(pairs)
