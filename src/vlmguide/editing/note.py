"""Reading the user's note format (Markdown era tables + trends essay) into catalogue data.

Exporting the catalogue back into the note is vlmguide.pages.note_export; export(import(note))
== note is tested, which is how we know the catalogue is a faithful transcription.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vlmguide.arxiv import ids as arxiv

_ERA = re.compile(r"^#### (?P<title>.+) \((?P<start>\d{4})(?:–(?P<end>\d{4}))?\)$")
_NAME_CELL = re.compile(r"^\[\*\*(?P<name>.+?)\*\*\]\((?P<url>[^)]+)\) \((?P<year>\d{4})\)$")
_POINT = re.compile(r"^\d+\. \*\*(?P<heading>.+?):\*\* (?P<text>.+)$")


class NoteFormatError(ValueError):
    """The note does not follow the expected format; the message names the line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class ParsedNote:
    """The note's content as catalogue data (plain dicts, ready to validate and dump)."""

    title: str
    eras: list[dict[str, Any]] = field(default_factory=list)
    papers: list[dict[str, Any]] = field(default_factory=list)
    essay: dict[str, Any] = field(default_factory=dict)


def id_from_name(name: str) -> str:
    """A URL id for a model name: 'VSE++' -> 'vsepp', 'BLIP-2' -> 'blip-2', 'VL T5' -> 'vl-t5'."""
    text = name.lower().replace("+", "p")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "paper"


def parse_note(text: str) -> ParsedNote:
    """Parse a note in the table format described in docs/contributing.md."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("## "):
        raise NoteFormatError(1, "the note must start with '## <title>'")
    note = ParsedNote(title=lines[0][3:].strip())
    era: dict[str, Any] | None = None
    i = 1
    while i < len(lines):
        line = lines[i]
        number = i + 1
        if line.startswith("#### "):
            match = _ERA.match(line)
            if not match:
                raise NoteFormatError(number, "an era heading must read '#### <title> (YYYY–YYYY)'")
            start = int(match["start"])
            era = {
                "id": f"era-{len(note.eras) + 1}",
                "title": match["title"],
                "start": start,
                "end": int(match["end"] or start),
            }
            note.eras.append(era)
        elif line.startswith("| ") and line[2:3].isdigit():
            if era is None:
                raise NoteFormatError(number, "a table row before any era heading")
            note.papers.append(_parse_row(line, number, era["id"]))
        elif line.startswith("### "):
            note.essay = _parse_essay(lines[i:], i)
            break
        i += 1
    if not note.eras or not note.papers:
        raise NoteFormatError(len(lines), "no era tables found")
    if not note.essay:
        raise NoteFormatError(len(lines), "no essay found (a '### <title>' section after the tables)")
    return note


def _parse_row(line: str, number: int, era_id: str) -> dict[str, Any]:
    cells = line.split(" | ")
    cells[0] = cells[0].removeprefix("| ")
    cells[-1] = cells[-1].removesuffix(" |")
    if len(cells) != 6:
        raise NoteFormatError(number, f"a paper row needs 6 cells, found {len(cells)}")
    name = _NAME_CELL.match(cells[1])
    if not name:
        raise NoteFormatError(number, "the name cell must read '[**Name**](https://arxiv.org/pdf/ID.pdf) (YYYY)'")
    arxiv_id = arxiv.id_from_pdf_url(name["url"])
    if arxiv_id is None:
        raise NoteFormatError(number, f"the name cell links to {name['url']}, not an arxiv.org/pdf/ URL")
    if name["year"] != cells[2]:
        raise NoteFormatError(number, f"the year in the name cell ({name['year']}) differs from {cells[2]}")
    return {
        "id": id_from_name(name["name"]),
        "number": int(cells[0]),
        "name": name["name"],
        "year": int(cells[2]),
        "era": era_id,
        "arxiv": arxiv_id,
        "summary": cells[3],
        "key_techniques": cells[4].split("、"),
        "mechanism": cells[5],
    }


def _parse_essay(lines: list[str], offset: int) -> dict[str, Any]:
    body = [ln for ln in lines[1:] if ln.strip()]
    if not body:
        raise NoteFormatError(offset + 1, "the essay has no text")
    essay: dict[str, Any] = {"title": lines[0][4:].strip(), "lead": body[0], "points": [], "conclusion": []}
    for line in body[1:]:
        point = _POINT.match(line)
        if point and not essay["conclusion"]:
            essay["points"].append({"heading": point["heading"], "text": point["text"]})
        else:
            essay["conclusion"].append(line)
    return essay


def link_mentions(text: str, names: dict[str, str]) -> str:
    """Wrap each paper name in text as [name](paper:ID), longest names first.

    A name counts only as a whole word: 'BLIP' inside 'BLIP-2' or 'InstructBLIP' is not BLIP.
    """
    if not names:
        return text
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9+\-])({alternatives})(?![A-Za-z0-9+\-])")
    return pattern.sub(lambda m: f"[{m[1]}](paper:{names[m[1]]})", text)
