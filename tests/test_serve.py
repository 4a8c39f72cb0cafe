"""`mkdocs serve` as an editor uses it: save, reload; a bad save keeps the last good site."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import BUILD_ENV


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Server:
    def __init__(self, project: Path) -> None:
        self.port = _free_port()
        self.log = project / "serve.log"
        self._log_file = self.log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project, stdout=self._log_file, stderr=subprocess.STDOUT,
            env=BUILD_ENV,
        )

    def page(self, path: str) -> str | None:
        return _get(f"http://127.0.0.1:{self.port}/{path}")

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


def test_edit_reload_bad_save_and_recovery(server: Server, project: Path):
    papers = project / "data" / "papers.yaml"
    original = papers.read_text(encoding="utf-8")
    marker = "用大量的數據簡單粗暴的將圖像和文字通通映射到同一個空間"
    assert marker in server.page("papers/clip/")

    papers.write_text(original.replace(marker, "第一次修改後的摘要 zebraword"), encoding="utf-8")
    _wait_for(lambda: "第一次修改後的摘要" in (server.page("papers/clip/") or ""), 90, "the edit to be served")
    # Pages that only show CLIP's summary (ALIGN's related papers, the era table) are rebuilt
    # too: the serve loop's caches (vlmguide.serve_cache) never serve them stale.
    for other in ("papers/align/", "eras/representation/", "topics/contrastive/"):
        page = server.page(other) or ""
        assert "第一次修改後的摘要" in page and marker not in page, other
    assert "zebraword" in (server.page("search/search_index.json") or "")

    broken = original.replace(marker, "第二次修改後的摘要").replace("    number: 18\n", "    number: 18\n    number: 18\n")
    papers.write_text(broken, encoding="utf-8")
    _wait_for(lambda: "duplicate key 'number'" in server.output(), 90, "the error to be printed")
    assert "data/papers.yaml:" in server.output()
    assert "Still serving the last good version" in server.output()
    assert "Traceback" not in server.output()
    page = server.page("papers/clip/")
    assert page is not None and "第一次修改後的摘要" in page  # the last good site is still served
    assert server.process.poll() is None

    papers.write_text(original.replace(marker, "第三次修改後的摘要"), encoding="utf-8")
    _wait_for(lambda: "第三次修改後的摘要" in (server.page("papers/clip/") or ""), 90, "recovery on a good save")
