"""Problems found in the catalogue, reported as `file:line:col: field: what (how to fix)`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file, located at a line and column (1-based)."""

    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"


class CatalogueError(Exception):
    """Every problem found in one run of the loader; str() is the readable report."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        return listing(self.problems, "problem", "in the catalogue")


def warnings_report(warnings: tuple[Problem, ...] | list[Problem]) -> str:
    """What loads but must not be published (vlmguide.catalogue.loader.placeholders), one per line."""
    return listing(warnings, "warning", "in the catalogue (not ready to publish)")


def listing(items: tuple[Problem, ...] | list[Problem], noun: str, where: str) -> str:
    count = len(items)
    head = f"{count} {noun}{'s' if count != 1 else ''} {where}:"
    return "\n".join([head, *(f"  {p}" for p in items)])


def did_you_mean(name: str, known: Iterable[str], otherwise: str) -> str:
    """The hint for a name that is not among known: the closest known one, or otherwise."""
    guess = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{guess[0]}'?" if guess else otherwise
