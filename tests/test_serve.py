"""`mkdocs serve` as an editor uses it: save, reload; a bad save keeps the last good site."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devtools.project import BUILD_ENV
from devtools.serving import RequestWatch, free_port, get
from vlmguide.editing.yaml_edit import DataFile


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Server:
    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.log = project / "serve.log"
        self._log_file = self.log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=BUILD_ENV,
        )

    def page(self, path: str) -> str | None:
        return get(f"http://127.0.0.1:{self.port}/{path}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log_file.close()


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    srv = Server(project)
    try:
        _wait_for(lambda: srv.page("papers/clip/") is not None, 180, "the first build")
        yield srv
    finally:
        srv.stop()


def _save(papers: Path, scratch: Path, summary: str, *, duplicate_number: bool = False) -> None:
    """Save papers.yaml as it was first (scratch) with CLIP's summary changed (and a duplicate key),
    in one write, as an editor saves."""
    original = scratch.with_suffix(".original")
    if not original.exists():
        original.write_bytes(papers.read_bytes())
    scratch.write_bytes(original.read_bytes())
    draft = DataFile(scratch)
    draft.set(draft.paper_loc("clip", "summary"), summary)
    if duplicate_number:
        number = draft.paper_loc("clip", "number")
        draft.insert_after(number, "number", draft.value(number))
    papers.write_bytes(scratch.read_bytes())


def test_edit_reload_bad_save_and_recovery(server: Server, project: Path, catalogue, tmp_path: Path):
    papers = project / "data" / "papers.yaml"
    scratch = tmp_path / "draft.yaml"
    marker = catalogue.papers_by_id["clip"].summary
    assert marker in server.page("papers/clip/")

    _save(papers, scratch, "第一次修改後的摘要 zebraword")
    # The server answers while it updates the site; the search index is written after every page.
    _wait_for(lambda: "zebraword" in (server.page("search/search_index.json") or ""), 90, "the edit to be served")
    assert "第一次修改後的摘要" in (server.page("papers/clip/") or "")
    # Pages that only show CLIP's summary (ALIGN's related papers, the era table) are rebuilt
    # too: the serve loop's caches (vlmguide.mkdocs.serve_cache) never serve them stale.
    for other in ("papers/align/", "eras/representation/", "topics/contrastive/"):
        page = server.page(other) or ""
        assert "第一次修改後的摘要" in page and marker not in page, other

    _save(papers, scratch, "第二次修改後的摘要", duplicate_number=True)
    _wait_for(lambda: "duplicate key 'number'" in server.output(), 90, "the error to be printed")
    assert "data/papers.yaml:" in server.output()
    assert "Still serving the last good version" in server.output()
    assert "Traceback" not in server.output()
    page = server.page("papers/clip/")
    assert page is not None and "第一次修改後的摘要" in page  # the last good site is still served
    assert server.process.poll() is None

    _save(papers, scratch, "第三次修改後的摘要")
    _wait_for(lambda: "第三次修改後的摘要" in (server.page("papers/clip/") or ""), 90, "recovery on a good save")

    # A placeholder is valid while editing: served as it is, with a warning naming its place.
    _save(papers, scratch, "第四次修改:待補")
    _wait_for(lambda: "第四次修改:待補" in (server.page("papers/clip/") or ""), 90, "the placeholder to be served")
    line = DataFile(papers).line(DataFile(papers).paper_loc("clip", "summary"))
    assert f"data/papers.yaml:{line}:" in server.output() and "placeholder 待補" in server.output()


def test_while_the_whole_site_rebuilds_the_last_complete_one_is_served(server: Server, project: Path):
    """A save outside data/ takes a full build; the server answers meanwhile, from the last complete
    site, then serves the new one; a data save after it is served in place."""
    config = project / "mkdocs.yml"
    with RequestWatch(f"http://127.0.0.1:{server.port}/about/") as watch:
        time.sleep(0.5)
        started = time.monotonic()
        config.write_text(config.read_text(encoding="utf-8").replace("site_name: ", "site_name: 新名 ", 1), "utf-8")
        _wait_for(lambda: "新名" in watch.answers[-1], 120, "the new site to be served")
        rebuild = time.monotonic() - started
    during = [answer for answer in watch.answers if "新名" not in answer]
    assert all("</html>" in answer for answer in watch.answers)  # every answer a whole page, old or new
    assert "the last complete site is served meanwhile" in server.output()
    # MkDocs' own server would have held the requests for the whole rebuild.
    assert watch.longest < rebuild / 2, (watch.longest, rebuild)
    assert len(during) > 5

    papers = DataFile(project / "data" / "papers.yaml")
    papers.set(papers.paper_loc("clip", "summary"), "就地更新的摘要")
    _wait_for(lambda: "Updated the site in place" in server.output(), 90, "the data save to be served")
    assert "就地更新的摘要" in (server.page("papers/clip/") or "")
    assert "新名" in (server.page("papers/clip/") or "")
