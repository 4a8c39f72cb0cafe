"""The Jinja environment of the generated pages and exports, with the helpers every template uses.

Helpers are registered once, as globals. A template knows which page it renders from `page_path`
in its context: `url` and `essay_text` read it, since links between pages are relative.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from vlmguide.pages import bibtex, feeds, graphics, urls
from vlmguide.pages.inline import heading_id, inline, link_papers
from vlmguide.pages.tables import TABLE_PAGE_ROWS

# An icon by name (e.g. "material/file-pdf-box") as inline SVG. The theme owns its icons, so the
# MkDocs layer supplies them (vlmguide.mkdocs.theme_icons); rendered without it, icons are empty.
Icons = Callable[[str], Markup]


def no_icons(name: str) -> Markup:
    return Markup("")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    return urls.page_url(target, context["page_path"])


@jinja2.pass_context
def _essay_text(context: jinja2.runtime.Context, value: str) -> Markup:
    return link_papers(value, context["page_path"])


@cache
def environment(icons: Icons = no_icons) -> jinja2.Environment:
    # *.html.j2 (the site's pages) escape every value; *.md.j2 (the note export) write
    # Markdown, where HTML escaping would be wrong and the vlmguide.catalogue.text filters escape.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("vlmguide.pages", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        url=_url,
        essay_text=_essay_text,
        inline=inline,
        heading_id=heading_id,
        icon=icons,
        bibtex=bibtex.entry,
        era_fill=graphics.era_fill,
        era_path=urls.era_path,
        paper_path=urls.paper_path,
        topic_path=urls.topic_path,
        path_path=urls.path_path,
        HOME=urls.HOME,
        ESSAY=urls.ESSAY,
        LINEAGE=urls.LINEAGE,
        TOPICS=urls.TOPICS,
        PATHS=urls.PATHS,
        TABLE_PAGE_ROWS=TABLE_PAGE_ROWS,
        FEEDS=feeds.FEEDS,
        REMARKS_FEED=feeds.REMARKS_FEED,
    )
    return env


def render(template: str, icons: Icons = no_icons, **context: Any) -> str:
    return environment(icons).get_template(template).render(**context)
