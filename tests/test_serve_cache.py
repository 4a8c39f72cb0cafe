"""The serve loop's caches: unchanged pages are reused, and a hit is what a fresh build makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from devtools.project import mkdocs_build
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.pages.editions import EDITIONS

# Built in this process as `mkdocs serve` builds (conftest.served_project).
pytestmark = pytest.mark.usefixtures("served_project")


def _build(project: Path, site: Path, *, command: str | None = None):
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if command:
        config.plugins.on_startup(command=command, dirty=False)
    build(config)
    return config.plugins["hooks/catalogue.py"].hooks  # vlmguide.mkdocs.plugin.CatalogueHooks


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_rebuilds_reuse_unchanged_pages_and_match_a_fresh_build(project: Path, tmp_path: Path):
    served = tmp_path / "served"
    hook = _build(project, served, command="serve")
    first_hits = hook.page_cache.hits

    papers = DataFile(project / "data" / "papers.yaml")
    papers.set(papers.paper_loc("clip", "summary"), "改過的摘要")
    hook = _build(project, served)  # the hook module (and its caches) live on, as under serve
    pages = len(list(served.rglob("index.html")))
    assert first_hits == 0
    # Pages outside the navigation share their directory's navigation and tabs (partials/per-directory.html).
    assert {"papers", "zh-Hans/papers"} <= set(hook.env.globals["shared_nav"]) & set(hook.env.globals["shared_tabs"])
    # The hand-written pages' HTML was reused, in both editions (generated pages bring their own
    # HTML), and so were the search entries of every page but those showing CLIP's summary (related
    # lists, tables), in each edition.
    assert hook.page_cache.hits == len(EDITIONS) * len(list((project / "docs").glob("*.md")))
    assert pages - 2 * 40 < hook.search_cache.hits < pages
    # So was the theme's output of every page the edit did not reach.
    assert pages - 2 * 40 < hook.output_cache.hits < pages

    # The fresh build runs in a new process, as an editor's `mkdocs build` does: jieba's frequencies
    # drift with every build of one process (the search plugin reloads the user dictionary each time).
    fresh = tmp_path / "fresh"
    assert mkdocs_build(project, "--site-dir", str(fresh)).returncode == 0
    assert _pages(served) == _pages(fresh)
    for edition in EDITIONS:
        index = f"{edition.search_dir}search_index.json"
        assert (served / index).read_text(encoding="utf-8") == (fresh / index).read_text(encoding="utf-8")


def test_a_configuration_or_template_edit_renders_every_page_again(project: Path, tmp_path: Path):
    """The theme's stored output is keyed by mkdocs.yml and our templates too: after an edit to either,
    no page is served as it was."""
    served = tmp_path / "served"
    _build(project, served, command="serve")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: ", "site_name: 新"), encoding="utf-8")
    assert _build(project, served).output_cache.hits == 0
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n<!-- edited -->\n", encoding="utf-8")
    assert _build(project, served).output_cache.hits == 0
    fresh = tmp_path / "fresh"
    assert mkdocs_build(project, "--site-dir", str(fresh)).returncode == 0
    assert _pages(served) == _pages(fresh)


def _index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_a_search_terms_edit_under_serve_gives_the_index_a_fresh_build_gives(project: Path, tmp_path):
    """A word added to data/search-terms.txt resegments unchanged pages too, and a word taken out is
    forgotten: after each save the served index is the one a fresh build (a new process) writes."""
    served = tmp_path / "served"
    _build(project, served, command="serve")
    before = _index(served)
    terms = project / "data" / "search-terms.txt"
    original = terms.read_text(encoding="utf-8")
    word = "簡單粗暴"  # in CLIP's summary, which jieba cuts as 簡單 / 粗暴 without it

    terms.write_text(original + f"{word} 20\n", encoding="utf-8")
    _build(project, served)
    fresh = mkdocs_build(project)
    assert fresh.returncode == 0, fresh.output
    assert _index(served) == _index(fresh.site)
    assert f"\u200b{word}\u200b" in json.dumps(_index(served), ensure_ascii=False)  # the word is one token now

    terms.write_text(original, encoding="utf-8")
    _build(project, served)
    assert _index(served) == before  # what the first build, a fresh one, wrote with this dictionary


def test_a_fault_while_rendering_keeps_the_last_good_site_under_serve(project: Path, tmp_path, monkeypatch, caplog):
    """Not only bad data: any exception while the pages render leaves the last good site served, with the
    error shown; a build stops with one readable message instead."""
    from mkdocs.exceptions import Abort

    from vlmguide.mkdocs import plugin

    served = tmp_path / "served"
    _build(project, served, command="serve")
    good = _pages(served)

    def broken_renderer(*args, **kwargs):
        raise RuntimeError("a template fault")

    monkeypatch.setattr(plugin, "generate_site", broken_renderer)
    papers = DataFile(project / "data" / "papers.yaml")
    papers.set(papers.paper_loc("clip", "summary"), "這次存檔渲染失敗")
    _build(project, served)
    assert _pages(served) == good
    assert "could not be rendered: RuntimeError: a template fault" in caplog.text
    assert "Still serving the last good version" in caplog.text
    caplog.clear()
    with pytest.raises(Abort):  # how MkDocs stops on a plugin's error, after logging its message
        _build(project, tmp_path / "built", command="build")
    assert "could not be rendered: RuntimeError: a template fault" in caplog.text
    assert "Still serving" not in caplog.text and not (tmp_path / "built").exists()
