"""The Jinja environment shared by every generated page and export."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    # *.html.j2 (the site's pages) escape every value; *.md.j2 (the note export) write
    # Markdown, where HTML escaping would be wrong and the vlmguide.text filters escape.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("vlmguide", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
