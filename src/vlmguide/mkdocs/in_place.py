"""Under `mkdocs serve`: a save to data/ alone updates the served site in place.

MkDocs answers every save with a full build, and its server holds every request until that build
is done: at 2,000 papers a one-line edit kept the site unreachable for most of a full build's time.
A save that changed only data/, and left the site's shape as it was (the same pages in both editions,
the same navigations, search dictionaries and zh-Hans term table), changes only some pages' HTML and
what is made from the whole catalogue (downloads, feeds, the search index). InPlaceBuilder, installed
by the hook's on_serve in place of MkDocs' builder, then has the hook (CatalogueHooks.update_in_place)
run MkDocs' own page steps for those pages alone and rewrite those files (a page whose entry only
moved down or up in papers.yaml gets its edit links rewritten instead); anything else, or anything
that goes wrong on the way, takes a full build (made aside: vlmguide.mkdocs.aside_builds).

Whether anything but data/ changed is read from the files' sizes and modification times (the
server does not say what it saw change). The in-place result is the full build's, byte for byte
(tests/test_serve_in_place.py).
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation

from vlmguide.files import staged_path, write_atomically
from vlmguide.mkdocs.aside_builds import BuildAside, answering_meanwhile, can_build_aside
from vlmguide.mkdocs.html_page import HtmlPage, generated_file
from vlmguide.pages.rendered import RenderedPage

log = logging.getLogger("mkdocs.hooks.catalogue")

Snapshot = tuple[tuple[str, int, int], ...]  # (path, mtime_ns, size) of every file


def snapshot(roots: list[Path]) -> Snapshot:
    """Every file under roots (files or folders), with its modification time and size."""
    found: list[tuple[str, int, int]] = []
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            try:
                stat = path.stat()
            except OSError:  # removed while we looked: the next snapshot differs anyway
                continue
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def site_inputs(config: MkDocsConfig, data_dir: Path) -> list[Path]:
    """What a build reads besides data/: mkdocs.yml, docs/, our templates, and anything else watched."""
    roots = [Path(config.config_file_path), Path(config.docs_dir)]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir))
    data = data_dir.resolve()
    roots += [Path(item) for item in config.watch if Path(item).resolve() != data]
    return [root for root in roots if root.exists()]


# Updates the served site for a data-only save; False if only a full build will do.
InPlaceUpdate = Callable[[], bool]


class InPlaceBuilder:
    """Stands in for MkDocs' builder under serve: a full build when anything but data/ changed
    (or nothing was built yet), else update_in_place, and a full build if that declines or fails."""

    def __init__(
        self,
        full_build: Callable[..., None],
        update_in_place: InPlaceUpdate,
        inputs: Callable[[], list[Path]],
        meanwhile: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        self.full_build = full_build
        self.update_in_place = update_in_place
        self.inputs = inputs
        self.meanwhile = meanwhile  # how the server answers during an update (aside_builds)
        self.built_from: Snapshot | None = snapshot(inputs())  # the first build ran before on_serve
        self.updates = 0  # saves served in place (tests read it)
        gc.freeze()  # no collection first: the site is waiting to be served (the next full build collects)

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        now = snapshot(self.inputs())
        if now == self.built_from:
            start = time.monotonic()
            try:
                with self.meanwhile():
                    updated = self.update_in_place()
            except Exception as exc:  # the full build below starts from scratch, and reports real faults
                log.info("Updating in place failed (%s: %s); building the whole site", type(exc).__name__, exc)
                updated = False
            if updated:
                self.updates += 1
                log.info("Updated the site in place in %.2f seconds", time.monotonic() - start)
                return
        self.built_from = None  # until the full build succeeds
        # The site served stays frozen meanwhile: the collector's passes during the build walk only what
        # the build makes (each pass over both sites held the server up to 1.7 s at 5,000 papers).
        self.full_build(config)
        self.built_from = now
        with self.meanwhile():  # the new site is complete: it is served while the collector runs
            _settle_memory()


def _settle_memory() -> None:
    """After a full build: collect what the last site left (it was frozen until now) and the build's own
    garbage in one pass, then exempt what is kept (the site, the caches: hundreds of MB at thousands of
    papers) from the cyclic collector's later passes, which would otherwise walk all of it in the middle
    of an update (Python's gc.freeze).

    The pass holds the server's thread: 1.6 to 2.0 s at 5,000 papers, walking what is kept (1.5 s) and
    freeing the last site's 0.4 million objects. Collecting the last site earlier, once the build has
    replaced it (the hook's on_env), took as long, and the pass after the build still walked what is kept."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def install(
    server: Any, config: MkDocsConfig, update_in_place: InPlaceUpdate, inputs: Callable[[], list[Path]]
) -> InPlaceBuilder:
    """Put an InPlaceBuilder in the place of the server's builder (LiveReloadServer.builder), with full
    builds made aside (vlmguide.mkdocs.aside_builds) where the server allows it."""
    if can_build_aside(server):
        builder = InPlaceBuilder(
            BuildAside(server, config), update_in_place, inputs, functools.partial(answering_meanwhile, server)
        )
    else:
        builder = InPlaceBuilder(server.builder, update_in_place, inputs)
    server.builder = builder
    return builder


def rebuild_pages(
    changed: list[RenderedPage], config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment
) -> None:
    """Give each changed generated page its new RenderedPage, then run MkDocs' own steps for it alone
    (read, render, theme, write; mkdocs.commands.build), as its full build does for every page."""
    pages = []
    for rendered in changed:
        page = _give(rendered, config, files)
        page.file.content_string = rendered.markdown
        _populate_page(page, config, files)
        pages.append(page)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        with _written_atomically(page.file):
            _build_page(page, config, doc_files, nav, env)
    for page in pages:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


def _give(rendered: RenderedPage, config: MkDocsConfig, files: Files) -> HtmlPage:
    """The built page at rendered's path, given rendered and the edit link of rendered's source line."""
    file = files.get_file_from_path(rendered.path)
    if file is None or not isinstance(file.page, HtmlPage):
        raise LookupError(f"{rendered.path} is not a generated page of this build")
    file.edit_uri = rendered.edit_uri
    file.page.rendered = rendered
    file.page._set_edit_url(config.repo_url, config.edit_uri, config.edit_uri_template)
    return file.page


@dataclass(frozen=True)
class PageChanges:
    """How a save changed the generated pages (both editions)."""

    changed: list[RenderedPage]  # new pages, and those whose page differs: to be built
    relinked: list[RenderedPage]  # pages whose entry moved in its data file, and nothing else
    removed: list[str]  # paths of pages that are gone
    order: list[RenderedPage]  # every page, in the order a full build adds them
    reshaped: bool  # pages were added, removed or moved: the file list (and the sitemap) changes


def page_changes(before: list[RenderedPage], after: list[RenderedPage]) -> PageChanges:
    """How the generated pages after a save (after) differ from those before it."""
    was = {page.path: page for page in before}
    paths = {page.path for page in after}
    differ = [page for page in after if was.get(page.path) != page]
    moved = {page.path for page in differ if _only_moved(was.get(page.path), page)}
    return PageChanges(
        changed=[page for page in differ if page.path not in moved],
        relinked=[page for page in differ if page.path in moved],
        removed=[page.path for page in before if page.path not in paths],
        order=after,
        reshaped=[page.path for page in before] != [page.path for page in after],
    )


def _only_moved(before: RenderedPage | None, after: RenderedPage) -> bool:
    """Whether after is before with its entry at another line of its data file."""
    return before is not None and before.at_line(after.line) == after


def reshape_files(
    files: Files, changes: PageChanges, config: MkDocsConfig, titles: dict[str, str]
) -> tuple[Files, list[File]]:
    """files with the generated pages of changes.order, in that order, after every other file (as
    on_files adds them): the Files of pages kept, new ones (with their HtmlPage) for new pages. Also
    the Files of removed pages, whose output is deleted from the site."""
    generated = {file.src_uri: file for file in files if isinstance(file.page, HtmlPage)}
    kept = [file for file in files if file.src_uri not in generated]
    for rendered in changes.order:
        known = generated.get(rendered.path)
        kept.append(known or generated_file(rendered, config, titles.get(rendered.path)))
    reshaped = Files(kept)
    set_exclusions(reshaped, config)
    removed = [generated[path] for path in changes.removed]
    for file in removed:
        output = Path(file.abs_dest_path)
        output.unlink(missing_ok=True)
        if output.parent.is_dir() and not any(output.parent.iterdir()):
            output.parent.rmdir()
    return reshaped, removed


def relink_pages(relinked: list[RenderedPage], config: MkDocsConfig, files: Files) -> list[RenderedPage]:
    """Pages whose entry only moved in its data file: their edit links (the one thing that changed) are
    rewritten in their output, as the theme writes them (overrides/partials/actions.html: the edit
    link and its view-source twin). The pages where that cannot be done are returned, to be built."""
    unsure = []
    for rendered in relinked:
        file = files.get_file_from_path(rendered.path)
        before = file.page.edit_url if file is not None and file.page is not None else None
        page = _give(rendered, config, files)
        if before is None or page.edit_url is None:
            continue  # no edit links on the site
        old, new = (f'{url.rsplit("/", 1)[-1]}"' for url in (before, page.edit_url))
        output = Path(page.file.abs_dest_path)
        text = output.read_text(encoding="utf-8")
        if text.count(old) != 2:
            unsure.append(rendered)
            continue
        write_atomically(output, text.replace(old, new))
    return unsure


def rebuild_sitemap(config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> None:
    """sitemap.xml (and .gz) for the new set of pages, as MkDocs' full build writes them."""
    if "sitemap.xml" in config.theme.static_templates:
        _build_theme_template("sitemap.xml", env, files, config, nav)


@contextmanager
def _written_atomically(file: File) -> Iterator[None]:
    """MkDocs writes a page's output where file.abs_dest_path says: have it write beside it, then move
    the output over the old one in one step, so a reader never gets half a page."""
    real = file.abs_dest_path
    staged = str(staged_path(Path(real)))
    file.abs_dest_path = staged  # a cached_property: the instance's value stands in
    try:
        yield
    finally:
        file.abs_dest_path = real
    os.replace(staged, real)
