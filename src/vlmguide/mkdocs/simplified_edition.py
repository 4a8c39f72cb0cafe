"""The zh-Hans edition in the same MkDocs build as the zh-TW one (vlmguide.pages.editions).

One build makes both: the catalogue is loaded and rendered once, and the zh-Hans pages are the
zh-TW ones converted (vlmguide.pages.simplified). What MkDocs and Material draw around a page
comes from the configuration and the navigation, so a zh-Hans page is rendered with its own:
the navigation of the zh-Hans pages, and a view of the configuration whose texts (site name,
description, copyright, the palette toggle's names) are converted. Material's interface text
follows the edition (overrides/partials/language.html). The hand-written pages (docs/*.md) are
converted as Markdown, code kept; their "edit" link opens the Traditional source.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, get_navigation

from vlmguide.files import write_atomically
from vlmguide.pages.editions import SIMPLIFIED, Edition, edition_of
from vlmguide.pages.feeds import FEEDS
from vlmguide.pages.simplified import Simplifier

# What Material shows from the configuration (besides the navigation).
_CONFIG_TEXTS = ("site_name", "site_description", "site_author", "copyright")


def hand_written_twins(files: Files, config: MkDocsConfig, simplify: Simplifier) -> list[File]:
    """A zh-Hans File for each hand-written Markdown page, converted; its edit link is the original's."""
    twins = []
    for file in files.documentation_pages():
        if file.generated_by or edition_of(file.src_uri) is SIMPLIFIED:
            continue
        twin = File.generated(config, SIMPLIFIED.prefix + file.src_uri, content=simplify.markdown(file.content_string))
        twin.edit_uri = file.edit_uri
        twins.append(twin)
    return twins


def edition_config(config: MkDocsConfig, simplify: Simplifier) -> MkDocsConfig:
    """A view of config for rendering zh-Hans pages: its texts converted; everything else shared."""
    view = copy.copy(config)
    for key in _CONFIG_TEXTS:
        if view[key]:
            view[key] = simplify.text(view[key])
    theme = {name: config.theme[name] for name in config.theme}
    palette = theme.get("palette")
    if isinstance(palette, list):
        theme["palette"] = [_converted_toggle(option, simplify) for option in palette]
    view["theme"] = theme
    return view


def _converted_toggle(option: Any, simplify: Simplifier) -> Any:
    if isinstance(option, dict) and isinstance(option.get("toggle"), dict) and option["toggle"].get("name"):
        return {**option, "toggle": {**option["toggle"], "name": simplify.text(option["toggle"]["name"])}}
    return option


def edition_navigation(files: Files, config: MkDocsConfig, nav: list[object]) -> Navigation:
    """The zh-Hans pages' navigation (their parent, previous and next pages are set from it)."""
    view = copy.copy(config)
    view["nav"] = nav
    return get_navigation(files, view)


@dataclasses.dataclass
class SimplifiedEdition:
    """This build's zh-Hans side: made in on_files, completed in on_nav."""

    simplify: Simplifier
    config: MkDocsConfig  # edition_config's view
    files: Files  # the build's, both editions
    navigation: Navigation | None = None
    feeds: list[Any] = dataclasses.field(init=False)  # their titles converted, once per build

    def __post_init__(self) -> None:
        self.feeds = [dataclasses.replace(feed, title=self.simplify.text(feed.title)) for feed in FEEDS]

    def shown_config(self, edition: Edition, config: MkDocsConfig) -> MkDocsConfig:
        """The configuration pages of edition are rendered with (config itself for zh-TW)."""
        return self.config if edition is SIMPLIFIED else config

    def context(self, context: dict[str, Any], edition: Edition) -> dict[str, Any]:
        """A page's template context, for its edition (templates read `edition`)."""
        context["edition"] = edition
        if edition is SIMPLIFIED:
            context["config"] = self.config
            context["nav"] = self.navigation
            context["feeds"] = self.feeds
        return context

    def write_404(self, env: Environment, config: MkDocsConfig) -> None:
        """zh-Hans/404.html, as MkDocs renders the theme's 404.html (its links absolute, from site_url)."""
        assert self.navigation is not None
        base_url = urlsplit(config.site_url or "/").path.rstrip("/") or "/"
        context = get_context(self.navigation, self.files, self.config, base_url=base_url)
        html = env.get_template("404.html").render(self.context(dict(context), SIMPLIFIED))
        write_atomically(Path(config.site_dir) / SIMPLIFIED.prefix / "404.html", html)
