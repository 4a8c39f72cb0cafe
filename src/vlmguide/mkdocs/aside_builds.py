"""Under `mkdocs serve`: a full build goes into a spare folder while the server keeps answering.

MkDocs' server holds every request from the moment it sees a save until the rebuild is done (it
never serves a half-built site), so at thousands of papers a save to mkdocs.yml or docs/ leaves
every open tab waiting for most of a full build. BuildAside builds into a second folder instead,
lets the server answer from the last complete site meanwhile, then points the server at the new
folder and lets it tell the browsers to reload; the old folder is the next build's spare.

An update in place (vlmguide.mkdocs.in_place) replaces each file in one step, so the server answers
during those too (answering_meanwhile).

It relies on three things of MkDocs' LiveReloadServer (1.6) that its documentation does not promise:
`root`, the folder it serves; and `_wanted_epoch` / `_visible_epoch` under `_epoch_cond`, the site
version being built and the one complete (requests wait while they differ). in_place.install()
checks for them (can_build_aside) and leaves MkDocs' own blocking builds in place if they are missing.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.catalogue")

_SERVER_PARTS = ("root", "_epoch_cond", "_wanted_epoch", "_visible_epoch", "error_handler")


def can_build_aside(server: Any) -> bool:
    return all(hasattr(server, part) for part in _SERVER_PARTS)


@contextmanager
def answering_meanwhile(server: Any) -> Iterator[None]:
    """The server answers requests while the block runs (what it serves must stay whole meanwhile:
    the last complete folder, or files each replaced in one step); after it, the serve loop tells
    the browsers to reload."""
    with server._epoch_cond:
        building = server._wanted_epoch
        server._wanted_epoch = server._visible_epoch
        server._epoch_cond.notify_all()
    try:
        yield
    finally:
        with server._epoch_cond:
            server._wanted_epoch = building  # the serve loop makes it visible once the builder returns


def keep_answering(server: Any) -> None:
    """After a failed build: requests go on being answered from the site served, instead of waiting
    (as MkDocs' server makes them) until a save builds."""
    with server._epoch_cond:
        server._wanted_epoch = server._visible_epoch
        server._epoch_cond.notify_all()


class BuildAside:
    """A full build for the serve loop, made in a spare folder while the server answers from the last
    complete site. Called as MkDocs' builder is (LiveReloadServer.builder)."""

    def __init__(self, server: Any, config: MkDocsConfig) -> None:
        self.server = server
        self.config_file = config.config_file_path
        # What `mkdocs serve` may have been told on its command line (not -t: it would replace the
        # configured theme, templates and all, with the bare theme of that name).
        self.options: dict[str, Any] = {"strict": config.strict, "use_directory_urls": config.use_directory_urls}
        self.serve_url = config.site_url  # serve set it to its own address
        self.own = Path(tempfile.mkdtemp(prefix="mkdocs_"))  # the folder MkDocs did not make
        self.spare = self.own
        server.error_handler = self._error_page

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        target = self.spare
        log.info("Building documentation; the last complete site is served meanwhile")
        try:
            with answering_meanwhile(self.server):
                fresh = load_config(self.config_file, site_dir=str(target), **self.options)
                fresh.site_url = self.serve_url
                build(fresh, serve_url=self.serve_url)
                self.spare, self.server.root = Path(self.server.root), str(target)
        except Exception:
            keep_answering(self.server)
            raise

    def _error_page(self, code: int) -> bytes | None:
        """The site's own 404 (or 500) page, from the folder served now (as `mkdocs serve` does)."""
        page = Path(self.server.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def remove(self) -> None:
        """At shutdown: `mkdocs serve` removes its folder; this one is ours."""
        shutil.rmtree(self.own, ignore_errors=True)
