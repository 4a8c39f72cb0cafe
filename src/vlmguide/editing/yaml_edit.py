"""Changing a data file's values in its text, so everything else stays byte for byte.

A `DataFile` finds a value by its path in the data (("papers", 3, "summary")) through the
positions the loader itself records (vlmguide.catalogue.source), and replaces, renames, removes or
adds fields by editing only those characters. Comments, blank lines, quoting and key order
elsewhere are untouched. Tests use it to make an editor's edits; `paper_loc` finds a paper
by id, so no edit depends on where an entry happens to stand in the file. (A new paper is
appended with vlmguide.editing.new_paper.append_entry, as `vlmguide new` does.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vlmguide.catalogue.source import Document, Loc, read_document


class EditError(LookupError):
    """The value to edit is not in the file."""


def scalar_text(value: Any) -> str:
    """value as one line of YAML (quoted only when YAML needs it): '2103.00020' -> "'2103.00020'"."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return text.removesuffix("\n...\n").removesuffix("\n")


class DataFile:
    """One YAML data file read with positions; every edit re-reads it, so positions stay true."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
        # A file may be broken on purpose (a test's last edit): it then has no positions to edit by.
        self.doc: Document = read_document(path)

    @property
    def text(self) -> str:
        return self.doc.text

    def paper_loc(self, paper_id: str, field: str | None = None) -> Loc:
        """The path of a paper's entry (or of one of its fields), found by the paper's id."""
        papers = self.doc.data.get("papers") if isinstance(self.doc.data, dict) else None
        for index, paper in enumerate(papers or []):
            if isinstance(paper, dict) and paper.get("id") == paper_id:
                return ("papers", index) if field is None else ("papers", index, field)
        raise EditError(f"no paper with id '{paper_id}' in {self.path}")

    def value(self, loc: Loc) -> Any:
        node = self.doc.data
        for part in loc:
            node = node[part]
        return node

    def span(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        table = self.doc.key_spans if key else self.doc.spans
        if loc not in table:
            raise EditError(f"{'no key' if key else 'no value'} at {loc} in {self.path}")
        return table[loc]

    def line(self, loc: Loc, *, key: bool = False) -> int:
        """The 1-based line where the value (or its key) starts."""
        return self.doc.line_col(self.span(loc, key=key)[0])[0]

    def column(self, loc: Loc, *, key: bool = False) -> int:
        return self.doc.line_col(self.span(loc, key=key)[0])[1]

    def line_start(self, loc: Loc) -> int:
        """Offset of the start of the line holding loc's key (or, for a list item, its '- ')."""
        key = loc in self.doc.key_spans
        return self.text.rfind("\n", 0, self.span(loc, key=key)[0]) + 1

    def indent(self, loc: Loc) -> str:
        """The indentation of the line where loc's key stands."""
        start = self.line_start(loc)
        line = self.text[start : self.text.find("\n", start)]
        return line[: len(line) - len(line.lstrip(" "))]

    def splice(self, start: int, end: int, new: str) -> DataFile:
        """Replace text[start:end] with new, write the file and read it again."""
        text = self.text[:start] + new + self.text[end:]
        self.path.write_text(("\ufeff" if self._bom else "") + text, encoding="utf-8")
        self.doc = read_document(self.path)
        return self

    def set_raw(self, loc: Loc, yaml_text: str) -> DataFile:
        """Replace the value at loc with yaml_text as written (it may be invalid on purpose)."""
        start, end = self.span(loc)
        return self.splice(start, end, yaml_text)

    def set(self, loc: Loc, value: Any) -> DataFile:
        """Replace the value at loc: a scalar in place, a list as a block of '- ' items (scalars, or
        mappings of scalars such as remarks) under its key."""
        if isinstance(value, list):
            _, end = self.span(loc)
            key_end = self.span(loc, key=True)[1]
            colon = self.text.index(":", key_end) + 1
            return self.splice(colon, end, _block(value, self.indent(loc).replace("-", " ") + "  "))
        return self.set_raw(loc, scalar_text(value))

    def rename_key(self, loc: Loc, new_key: str) -> DataFile:
        start, end = self.span(loc, key=True)
        return self.splice(start, end, new_key)

    def remove(self, loc: Loc) -> DataFile:
        """Remove a field (its key line through the end of its value's last line)."""
        start = self.line_start(loc)
        end = self.text.find("\n", self.span(loc)[1])
        return self.splice(start, len(self.text) if end < 0 else end + 1, "")

    def insert_after(self, loc: Loc, key: str, value: Any) -> DataFile:
        """Add `key: value` on the line after the field at loc, at the same indentation."""
        indent = self.indent(loc).replace("-", " ")
        end = self.text.find("\n", self.span(loc)[1])
        end = len(self.text) if end < 0 else end
        if isinstance(value, list):
            line = f"\n{indent}{key}:{_block(value, indent + '  ')}"
        else:
            line = f"\n{indent}{key}: {scalar_text(value)}"
        return self.splice(end, end, line)


def _block(items: list[Any], indent: str) -> str:
    """items as a YAML block list at indent, one per line; a mapping's keys follow its '- '."""
    lines = []
    for item in items:
        if isinstance(item, dict):
            for i, (key, value) in enumerate(item.items()):
                lines.append(f"{indent}{'- ' if i == 0 else '  '}{key}: {scalar_text(value)}")
        else:
            lines.append(f"{indent}- {scalar_text(item)}")
    return "".join(f"\n{line}" for line in lines)
