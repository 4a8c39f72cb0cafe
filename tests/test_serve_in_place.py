"""Under serve, a data-only save updates the built site in place, and what it serves is what a fresh
build of the same data makes, byte for byte, after every kind of save (vlmguide.mkdocs.in_place)."""

from __future__ import annotations

import filecmp
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from devtools.project import mkdocs_build
from vlmguide.catalogue.errors import CatalogueError
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.mkdocs import plugin
from vlmguide.mkdocs.in_place import InPlaceBuilder, site_inputs
from vlmguide.pages.urls import paper_path

# Built in this process as `mkdocs serve` builds (conftest.served_project).
pytestmark = pytest.mark.usefixtures("served_project")


class Served:
    """A project built as `mkdocs serve` builds it, whose saves go through an InPlaceBuilder: in place
    when it can, else MkDocs' full build (in the same process, with the hook's state living on)."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        self.full_builds = 0
        self.hooks = self._build()
        config = self.hooks.config
        self.builder = InPlaceBuilder(
            self._build, self.hooks.update_in_place, lambda: site_inputs(config, project / "data")
        )

    def _build(self, config: object = None):
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        self.full_builds += 1
        return config.plugins["hooks/catalogue.py"].hooks  # vlmguide.mkdocs.plugin.CatalogueHooks

    def save(self, edit: Callable[[], object]) -> str:
        """Make the edit, run the builder as the server does after a save: "in place" or "full"."""
        updates, full = self.builder.updates, self.full_builds
        edit()
        self.builder()
        assert self.builder.updates + self.full_builds == updates + full + 1
        return "in place" if self.builder.updates > updates else "full"


def _differences(served: Path, fresh: Path) -> list[str]:
    """Files that differ, or exist on one side only, between two built sites."""
    out: list[str] = []

    def walk(compare: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + name for name in compare.left_only + compare.right_only + compare.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files, shallow=False)
        out.extend(prefix + name for name in mismatch + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(served, fresh), "")
    return sorted(out)


def _removable(project: Path) -> str:
    """A paper nothing else names (no lineage edge, reading path or essay link to it)."""
    papers = project / "data" / "papers.yaml"
    original = papers.read_text(encoding="utf-8")
    try:
        for paper in reversed(load_catalogue(project / "data").papers):
            DataFile(papers).remove(DataFile(papers).paper_loc(paper.id))
            try:
                load_catalogue(project / "data")
            except CatalogueError:
                continue
            finally:
                papers.write_text(original, encoding="utf-8")
            return paper.id
    finally:
        papers.write_text(original, encoding="utf-8")
    raise AssertionError("no paper of the fixture can be removed alone")


def test_every_kind_of_save_serves_what_a_fresh_build_makes(project: Path, tmp_path: Path):
    data = project / "data"
    papers_file, essay_file, terms = data / "papers.yaml", data / "essay.yaml", data / "search-terms.txt"
    original_papers = papers_file.read_text(encoding="utf-8")
    removable = _removable(project)
    served = Served(project, tmp_path / "served")

    def paper(paper_id: str, field: str, value: object) -> None:
        papers = DataFile(papers_file)
        papers.set(papers.paper_loc(paper_id, field), value)

    saves: list[tuple[str, Callable[[], object], str]] = [
        ("a summary", lambda: paper("clip", "summary", "改過的摘要"), "in place"),
        (
            "a paper removed",
            lambda: DataFile(papers_file).remove(DataFile(papers_file).paper_loc(removable)),
            "in place",
        ),
        ("a paper added", lambda: papers_file.write_text(original_papers, encoding="utf-8"), "in place"),
        ("a topic renamed", lambda: DataFile(papers_file).set(("topics", 0, "name"), "改名的主題"), "in place"),
        (
            "an essay point",
            lambda: DataFile(essay_file).set(("points", 0, "text"), "改過,見 [CLIP](paper:clip)"),
            "in place",
        ),
        # The essay's title is in both navigations; the search terms change how every page is indexed.
        ("the essay's title", lambda: DataFile(essay_file).set(("title",), "改過的標題"), "full"),
        ("a search term", lambda: terms.write_text(terms.read_text(encoding="utf-8") + "新詞彙 100\n"), "full"),
        ("a summary again", lambda: paper("clip", "summary", "再改一次"), "in place"),
    ]
    for number, (what, edit, how) in enumerate(saves):
        assert served.save(edit) == how, what
        # The fresh build runs in a new process, as an editor's `mkdocs build` does (jieba's state).
        fresh = tmp_path / f"fresh-{number}"
        assert mkdocs_build(project, "--site-dir", str(fresh)).returncode == 0
        assert _differences(served.site, fresh) == [], what


def test_a_broken_save_keeps_the_site_and_the_fix_is_in_place(project: Path, tmp_path: Path, caplog):
    papers_file = project / "data" / "papers.yaml"
    served = Served(project, tmp_path / "served")
    page = served.site / "papers" / "clip" / "index.html"
    before = page.read_bytes()

    def clip(field: str, value: object) -> None:
        papers = DataFile(papers_file)
        papers.set(papers.paper_loc("clip", field), value)

    assert served.save(lambda: clip("year", "二〇二一")) == "in place"
    assert page.read_bytes() == before
    assert "data/papers.yaml" in caplog.text and "Still serving the last good version" in caplog.text
    assert served.save(lambda: clip("year", 2021)) == "in place"
    assert served.save(lambda: clip("summary", "修好之後")) == "in place"
    assert "修好之後" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("newer", ["a summary", "a broken year"])
def test_an_update_overtaken_by_a_newer_save_leaves_the_search_index_to_the_next(
    tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch, newer: str
):
    """A save made while the last one's update writes the catalogue's files stops it before the
    search indexes (the newer save's update writes them); after that update, the site served is a
    fresh build's, also when the newer save is broken (then the last good save's files catch up)."""
    papers_file = project / "data" / "papers.yaml"
    served = Served(project, tmp_path / "served")

    def clip(field: str, value: object) -> None:
        papers = DataFile(papers_file)
        papers.set(papers.paper_loc("clip", field), value)

    good = tmp_path / "good"  # the data of the save that is overtaken
    write_site_files = plugin.write_site_files

    def saved_meanwhile(*args: object) -> None:
        write_site_files(*args)
        shutil.copytree(project / "data", good)
        clip(*{"a summary": ("summary", "更新的摘要"), "a broken year": ("year", "二〇二一")}[newer])

    monkeypatch.setattr(plugin, "write_site_files", saved_meanwhile)
    assert served.save(lambda: clip("summary", "被超越的摘要")) == "in place"
    monkeypatch.undo()
    assert "被超越的摘要" in (served.site / "papers" / "clip" / "index.html").read_text(encoding="utf-8")
    assert "被超越的摘要" not in (served.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert served.hooks.catalogue_stale

    served.builder()  # the newer save, as the server takes it up
    assert not served.hooks.catalogue_stale
    if newer == "a broken year":  # compared with a build of the last good data
        shutil.rmtree(project / "data")
        shutil.copytree(good, project / "data")
    fresh = tmp_path / "fresh"
    assert mkdocs_build(project, "--site-dir", str(fresh)).returncode == 0
    assert _differences(served.site, fresh) == []


@pytest.mark.parametrize("what", ["mkdocs.yml", "docs/about.md"])
def test_a_save_outside_data_takes_a_full_build(project: Path, tmp_path: Path, what: str):
    served = Served(project, tmp_path / "served")
    path = project / what
    assert served.save(lambda: path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")) == "full"


def test_an_edit_that_moves_later_entries_rewrites_only_their_edit_links(project: Path, tmp_path: Path):
    """A list one item longer moves every later paper's entry down a line: their pages change only in
    the edit links ("#L<line>"), which are rewritten in place; only the pages that show the list are
    built again, and the site is still a fresh build's."""
    papers_file = project / "data" / "papers.yaml"
    first = load_catalogue(project / "data").papers[0]
    served = Served(project, tmp_path / "served")

    def longer_list() -> None:
        papers = DataFile(papers_file)
        papers.set(papers.paper_loc(first.id, "key_techniques"), [*first.key_techniques, "多出來的一行"])

    assert served.save(longer_list) == "in place"
    changes = served.hooks.last_changes
    later = len(load_catalogue(project / "data").papers) - 1
    assert len(changes.relinked) == 2 * later  # both editions
    assert paper_path(first) in {page.path for page in changes.changed}
    assert len(changes.changed) <= 8  # its page and its era table's page, in each edition
    fresh = tmp_path / "fresh"
    assert mkdocs_build(project, "--site-dir", str(fresh)).returncode == 0
    assert _differences(served.site, fresh) == []
