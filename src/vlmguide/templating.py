"""The Jinja environment shared by every generated page and export."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    # Markdown output: HTML autoescaping would be wrong here; text is escaped for
    # Markdown explicitly with the filters from vlmguide.text.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("vlmguide", "templates"),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
