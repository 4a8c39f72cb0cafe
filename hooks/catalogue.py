"""MkDocs adapter: hands MkDocs the events of one vlmguide.mkdocs.plugin.CatalogueHooks.

All logic and state live in the package; `hooks` is that state (tests read it through
config.plugins["hooks/catalogue.py"].hooks).
"""

from __future__ import annotations

from vlmguide.mkdocs.plugin import CatalogueHooks

hooks = CatalogueHooks()

on_startup = hooks.on_startup
on_config = hooks.on_config
on_files = hooks.on_files
on_nav = hooks.on_nav
on_env = hooks.on_env
on_page_context = hooks.on_page_context
on_post_page = hooks.on_post_page
on_post_build = hooks.on_post_build
on_serve = hooks.on_serve
on_shutdown = hooks.on_shutdown
