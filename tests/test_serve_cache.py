"""The serve loop's caches: unchanged pages are reused, and a hit is what a fresh build makes."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from vlmguide.editing.yaml_edit import DataFile


def _build(project: Path, site: Path, *, command: str | None = None):
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if command:
        config.plugins.on_startup(command=command, dirty=False)
    build(config)
    return config.plugins["hooks/catalogue.py"].hooks  # vlmguide.mkdocs.plugin.CatalogueHooks


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_rebuilds_reuse_unchanged_pages_and_match_a_fresh_build(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(project)  # the search plugin reads data/search-terms.txt relative to here
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice (README)
    served = tmp_path / "served"
    hook = _build(project, served, command="serve")
    first_hits = hook.page_cache.hits

    papers = DataFile(project / "data" / "papers.yaml")
    papers.set(papers.paper_loc("clip", "summary"), "改過的摘要")
    hook = _build(project, served)  # the hook module (and its caches) live on, as under serve
    pages = len(list(served.rglob("index.html")))
    assert first_hits == 0
    # The hand-written pages' HTML was reused (generated pages bring their own HTML), and so were
    # the search entries of every page but those showing CLIP's summary (related lists, tables).
    assert hook.page_cache.hits == len(list((project / "docs").glob("*.md")))
    assert pages - 40 < hook.search_cache.hits < pages

    fresh = tmp_path / "fresh"
    _build(project, fresh, command="build")
    assert _pages(served) == _pages(fresh)
    assert (served / "search" / "search_index.json").read_text(encoding="utf-8") == (
        fresh / "search" / "search_index.json"
    ).read_text(encoding="utf-8")
