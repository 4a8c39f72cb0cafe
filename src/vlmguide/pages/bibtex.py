"""BibTeX of a paper in arXiv's form (@misc with eprint, archivePrefix, primaryClass)."""

from __future__ import annotations

import re
import unicodedata

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.model import Catalogue, Paper

_SPECIAL = re.compile(r"([&%$#_{}])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def author_name(name: str) -> str:
    """'Alec Radford' -> 'Radford, Alec' (the last word is taken as the family name)."""
    parts = name.rsplit(" ", 1)
    return f"{parts[1]}, {parts[0]}" if len(parts) == 2 else name


def cite_key(paper: Paper) -> str:
    """radford2021clip: first author's family name, year, paper id, in ASCII."""
    family = paper.authors[0].rsplit(" ", 1)[-1] if paper.authors else "anon"
    ascii_family = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", ascii_family) + str(paper.year) + re.sub(r"[^a-z0-9]", "", paper.id)


def entry(paper: Paper) -> str:
    fields = [
        ("title", "{" + _escape(paper.title or paper.name) + "}"),
        ("author", " and ".join(_escape(author_name(a)) for a in paper.authors)),
        ("year", str(paper.year)),
        ("eprint", arxiv.parse(paper.arxiv).base),
        ("archivePrefix", "arXiv"),
        ("primaryClass", paper.primary_category),
        ("url", paper.abs_url),
    ]
    body = ",\n".join(f"  {name:<13} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{cite_key(paper)},\n{body},\n}}\n"


def bibliography(catalogue: Catalogue) -> str:
    return "\n".join(entry(p) for p in catalogue.papers)
