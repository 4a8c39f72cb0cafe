"""MkDocs adapter: turns data/*.yaml into pages. All logic lives in the vlmguide package.

on_config loads and validates the catalogue (before MkDocs cleans site/, so a bad
edit leaves the last good site in place); on_files adds the generated pages;
on_post_build writes the downloads and fixes Material's Chinese query segmentation
(vlmguide.search_fix).
Hook modules are loaded once per `mkdocs serve`, so nothing is read at import time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from vlmguide.errors import CatalogueError
from vlmguide.search_fix import SearchFixError, fix_search_worker
from vlmguide.site import Site, build_site, write_downloads

log = logging.getLogger("mkdocs.hooks.catalogue")

_command = "build"
_site: Site | None = None  # the site of the current build
_last_good: Site | None = None  # under `mkdocs serve`: the last catalogue that loaded


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _last_good
    project_dir = Path(config.config_file_path).parent
    try:
        _site = build_site(project_dir, extra_nav=list(config.nav or []))
    except CatalogueError as exc:
        if _command != "serve" or _last_good is None:
            raise PluginError(exc.report()) from None
        # MkDocs' server stalls every request after a failed rebuild; rebuilding
        # from the last good catalogue keeps the site readable while the editor fixes it.
        log.error("%s\nStill serving the last good version of data/; fix the problems above and save.",
                  exc.report())
        _site = _last_good
    else:
        _last_good = _site
    config.nav = _site.nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None, "on_config did not run"
    for page in _site.pages:
        if page.path in files.src_uris:
            raise PluginError(f"docs/{page.path} would be overwritten by a generated page; rename or remove it")
        generated = File.generated(config, page.path, content=page.markdown)
        # Generated pages are edited in the YAML (path relative to docs/, like edit_uri);
        # the #L anchor lets "view source" open the paper's own entry.
        generated.edit_uri = f"../{page.source_uri}"
        files.append(generated)
    return files


def on_post_build(config: MkDocsConfig) -> None:
    assert _site is not None, "on_config did not run"
    write_downloads(_site.catalogue, Path(config.site_dir))
    try:
        fix_search_worker(Path(config.site_dir))
    except SearchFixError as exc:
        raise PluginError(str(exc)) from None
