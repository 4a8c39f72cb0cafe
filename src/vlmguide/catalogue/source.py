"""Reading YAML data files into plain Python values plus the position of every node.

PyYAML's constructors silently keep the last of two duplicate keys and forget
where each value stood, so we compose the node graph ourselves: duplicate keys
become problems, and every mapping key and sequence item keeps its file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vlmguide.catalogue.errors import Problem

# A path into the data, e.g. ("papers", 3, "summary").
Loc = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its data, and where each node of it starts."""

    path: Path
    display: str
    data: Any = None
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Where each value's text starts and ends, as offsets into `text` (vlmguide.editing.yaml_edit uses them).
    spans: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_spans: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    text: str = ""
    problems: list[Problem] = field(default_factory=list)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at loc, falling back to its nearest parent."""
        table = self.key_positions if key else self.positions
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end]) or self.positions.get(loc[:end])
            if found:
                return found
        return (1, 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset into text (as spans record them)."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start + 1

    def problem(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> Problem:
        line, col = self.where(loc, key=key)
        return Problem(self.display, line, col, dotted(loc), message, hint)

    def problem_at_text(self, loc: Loc, needle: str, message: str, hint: str) -> Problem:
        """A problem at needle's own line and column inside the value at loc (at the value, if it is
        written another way there, e.g. as an escape in quotes)."""
        start, end = self.spans.get(loc, (0, 0))
        offset = self.text.find(needle, start, end)
        if offset < 0:
            return self.problem(loc, message, hint)
        line, col = self.line_col(offset)
        return Problem(self.display, line, col, dotted(loc), message, hint)


def dotted(loc: Loc) -> str:
    """("papers", 3, "summary") -> "papers[3].summary"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# Limits that keep a hostile or mistaken edit from stalling a build: the real files are far inside
# them (papers.yaml is 3 MB at 5,000 papers, and nests 5 levels deep).
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 16
MAX_SHAPE_PROBLEMS = 10  # anchors or aliases reported before the rest are summed up

_SCALARS = yaml.constructor.SafeConstructor()
# libyaml's parser when PyYAML has it (it does in the wheels we pin): 10x faster, same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read one YAML file; every problem found is recorded in Document.problems.

    Each stage stops at the first thing wrong with the file as a whole: it cannot be read, is too
    large, is not UTF-8, is empty, has anchors or nesting we refuse, or is not YAML.
    """
    doc = Document(path=path, display=display or str(path))
    text = read_text(doc)
    if text is None:
        return doc
    doc.text = text
    doc.data = parse_text(doc)
    return doc


def parse_text(doc: Document, max_depth: int = MAX_DEPTH) -> Any:
    """The data of doc.text, with the position of every node recorded in doc; None if it has problems
    (recorded in doc.problems). max_depth: how deep its collections may nest."""
    node = _compose(doc, max_depth)
    return _construct(node, (), doc) if node is not None else None


def read_text(doc: Document) -> str | None:
    """The file's text (without a byte-order mark), or None with the problem recorded."""
    try:
        size = doc.path.stat().st_size
        raw = doc.path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        doc.problems.append(Problem(doc.display, 1, 1, "", f"cannot read the file: {exc.strerror}"))
        return None
    if size > MAX_FILE_BYTES:
        message = f"the file has {size:,} bytes, more than the {MAX_FILE_BYTES:,} a data file may have"
        doc.problems.append(Problem(doc.display, 1, 1, "", message, "remove what does not belong in it"))
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})"
        doc.problems.append(Problem(doc.display, line, col, "", message, "save it as UTF-8 in your editor"))
        return None
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        doc.problems.append(Problem(doc.display, 1, 1, "", "the file is empty", "restore its content from git"))
        return None
    return text


def _compose(doc: Document, max_depth: int) -> yaml.Node | None:
    """The YAML node graph of doc.text, or None with the problems recorded."""
    try:
        if _unsupported_shapes(doc.text, doc, max_depth):
            return None
        return yaml.compose(doc.text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(doc, exc))
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises Marked errors for text input
        doc.problems.append(Problem(doc.display, 1, 1, "", f"YAML error: {exc}"))
    return None


def _syntax_problem(doc: Document, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"YAML syntax error: {exc.problem or exc.context}"
    lines = doc.text.splitlines()
    opened = _unclosed_quote(lines, line)
    if "\t" in (lines[line - 1] if line <= len(lines) else "") or "\t" in str(exc.problem):
        hint = "YAML indentation must use spaces, not tabs"
    elif opened:
        # PyYAML reads on to the next quote and fails far below; point at the real slip.
        line, col = opened
        message = "YAML syntax error: this quoted text is never closed"
        hint = "add the closing quote at the end of the value"
    else:
        hint = "check the indentation and quotes on this line and the one before"
    return Problem(doc.display, line, col, "", message, hint)


def _unsupported_shapes(text: str, doc: Document, max_depth: int) -> bool:
    """Refuse anchors, aliases and deep nesting from the parser's events, before any node is built.

    An alias repeats a value without writing it out again, so nine levels of lists of eight
    aliases (a few hundred bytes) would expand to 8**9 values. The catalogue never needs them.
    """
    found = 0
    depth = 0
    rest: yaml.Mark | None = None  # where the anchors and aliases not listed one by one begin
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            found += 1
            if found <= MAX_SHAPE_PROBLEMS:
                doc.problems.append(
                    _at(doc, event.start_mark, "anchors and aliases are not supported", "write the value out")
                )
            elif rest is None:
                rest = event.start_mark
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                doc.problems.append(
                    _at(
                        doc,
                        event.start_mark,
                        f"nested more than {max_depth} levels deep",
                        "the catalogue's fields nest a few levels at most; check the brackets",
                    )
                )
                return True
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    if rest is not None:
        doc.problems.append(
            _at(
                doc,
                rest,
                f"{found - MAX_SHAPE_PROBLEMS} more anchors and aliases from here on",
                "write every value out",
            )
        )
    return found > 0


def _at(doc: Document, mark: yaml.Mark, message: str, hint: str, loc: Loc = ()) -> Problem:
    """A problem at a parser mark (0-based) as file:line:col (1-based), for the field at loc."""
    return Problem(doc.display, mark.line + 1, mark.column + 1, dotted(loc), message, hint)


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[\w-]+:\s+)?(?P<quote>['\"])(?P<rest>.*)$")


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[int, int] | None:
    """The line and column of the nearest quote opened before error_line and not closed on its line."""
    for number in range(min(error_line, len(lines)), 0, -1):
        match = _QUOTED_VALUE.match(lines[number - 1])
        if not match:
            continue
        rest = match["rest"].replace("''", "") if match["quote"] == "'" else match["rest"].replace('\\"', "")
        if match["quote"] not in rest:
            return number, match.start("quote") + 1
        if number < error_line:
            return None  # the nearest quoted value above the error is well formed
    return None


def _construct(node: yaml.Node, loc: Loc, doc: Document) -> Any:
    doc.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    value = _construct_value(node, loc, doc)
    doc.spans[loc] = (node.start_mark.index, _end(node, value, loc, doc))
    return value


def _end(node: yaml.Node, value: Any, loc: Loc, doc: Document) -> int:
    """Where the node's own text ends. PyYAML ends a block collection at the next token (past
    blank lines and comments) and a block scalar after its line break: trim both back."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and value:
        last = next(reversed(value)) if isinstance(value, dict) else len(value) - 1
        return doc.spans[(*loc, last)][1]
    start, end = node.start_mark.index, node.end_mark.index
    return start + len(doc.text[start:end].rstrip())


def _construct_value(node: yaml.Node, loc: Loc, doc: Document) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _SCALARS.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                doc.problems.append(
                    _at(
                        doc,
                        key_node.start_mark,
                        "keys must be plain names",
                        "write the key as text, e.g. summary:",
                        loc,
                    )
                )
                continue
            child = (*loc, key)
            if key in result:
                first = doc.key_positions[child]
                doc.problems.append(
                    _at(
                        doc,
                        key_node.start_mark,
                        f"duplicate key '{key}' (first at line {first[0]})",
                        "merge the two into one; YAML would silently keep only the last",
                        child,
                    )
                )
                continue
            doc.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            doc.key_spans[child] = (key_node.start_mark.index, key_node.end_mark.index)
            result[key] = _construct(value_node, child, doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*loc, i), doc) for i, item in enumerate(node.value)]
    return _SCALARS.construct_object(node)
