"""Validating a data file against the model, with pydantic's errors turned into located, readable Problems."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.errors import Problem, did_you_mean
from vlmguide.catalogue.source import Document, dotted
from vlmguide.catalogue.text import MAX_TEXT_CHARS, InvisibleCharacterError

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: Document, problems: list[Problem]) -> M | None:
    """doc's data as model, or None with every problem appended to problems."""
    if not isinstance(doc.data, dict):
        problems.append(
            doc.problem(
                (),
                "the file must be a mapping of fields (name: value)",
                f"expected fields: {', '.join(model.model_fields)}",
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(problem_from_error(doc, model, err) for err in exc.errors())
        return None


_TYPE_NAMES = {
    "int_type": "a whole number",
    "string_type": "text",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "date_type": "a date",
    "date_from_datetime_parsing": "a date",
}
_TYPE_HINTS = {
    "int_type": "write digits without quotes, e.g. 2021",
    "string_type": "put the text in quotes if YAML reads it as a number or date",
    "list_type": "write one item per line, each starting with '- '",
    "model_type": "write the fields as 'name: value' lines under this item",
    "date_type": "write the date as YYYY-MM-DD",
}


def problem_from_error(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    """Turn one pydantic error into a located, readable Problem (a mapping key's, at the key)."""
    loc = tuple(err["loc"])
    if loc and loc[-1] == "[key]":
        problem = _problem(doc, model, {**err, "loc": loc[:-1]})
        line, col = doc.where(loc[:-1], key=True)
        return dataclasses.replace(problem, line=line, col=col)
    return _problem(doc, model, err)


def _problem(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    loc, kind = tuple(err["loc"]), err["type"]
    if kind in _BY_KIND:
        return _BY_KIND[kind](doc, model, loc, err.get("input"))
    if kind == "too_short":
        if err.get("input") == []:
            return _empty(doc, model, loc, [])
        return doc.problem(loc, "needs at least one item", "add an item on a line starting with '- '")
    if kind == "string_pattern_mismatch" and (problem := _pattern(doc, loc, err.get("input"))) is not None:
        return problem
    if kind.endswith("_type"):
        return doc.problem(
            loc,
            f"expected {_TYPE_NAMES.get(kind, kind[:-5])}, got {_describe(err.get('input'))}",
            _TYPE_HINTS.get(kind, "fix the value's type"),
        )
    message, _, hint = err["msg"].removeprefix("Value error, ").partition(" (")
    if isinstance(error := (err.get("ctx") or {}).get("error"), InvisibleCharacterError):
        return doc.problem_at_text(loc, error.char, message, hint.removesuffix(")"))
    return doc.problem(loc, message, hint.removesuffix(")"))


def _unknown_field(doc: Document, model: type[BaseModel], loc: tuple[Any, ...], value: Any) -> Problem:
    parent = list(_model_at(model, loc[:-1]).model_fields)
    hint = did_you_mean(str(loc[-1]), parent, f"allowed: {', '.join(parent)}")
    return doc.problem(loc, f"unknown field '{loc[-1]}'", hint, key=True)


def _missing(doc: Document, model: type[BaseModel], loc: tuple[Any, ...], value: Any) -> Problem:
    line, col = doc.where(loc[:-1])
    return Problem(doc.display, line, col, dotted(loc), "missing required field", f"add '{loc[-1]}:' to this entry")


def _empty(doc: Document, model: type[BaseModel], loc: tuple[Any, ...], value: Any) -> Problem:
    return doc.problem(loc, "must not be empty", "write the text, or remove the field if optional")


def _too_long(doc: Document, model: type[BaseModel], loc: tuple[Any, ...], value: Any) -> Problem:
    return doc.problem(
        loc,
        f"is {len(value):,} characters long, more than the {MAX_TEXT_CHARS:,} a text may have",
        "shorten it: this is a reading guide, not the paper",
    )


_BY_KIND = {
    "extra_forbidden": _unknown_field,
    "missing": _missing,
    "string_too_short": _empty,
    "string_too_long": _too_long,
}


def _pattern(doc: Document, loc: tuple[Any, ...], value: Any) -> Problem | None:
    """What is wrong with an arXiv ID or an id, in words; None for other patterns."""
    if loc[-1] == "arxiv":
        try:
            arxiv.parse(value)
        except arxiv.ArxivIdError as exc:
            message, _, hint = str(exc).partition(" (")
            return doc.problem(loc, message, hint.removesuffix(")"))
    if loc[-1] in ("id", "era"):
        return doc.problem(
            loc, f"'{value}' is not a valid id", "use lower-case letters, digits and '-', e.g. clip-adapter"
        )
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that describes the mapping at loc (following list items and sub-models)."""
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        for candidate in (annotation, *get_args(annotation)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
    return model
