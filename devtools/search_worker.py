"""Running a built site's search worker in Node (devtools/search_worker.js), for the tests and the benchmark."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from devtools.project import ROOT
from vlmguide.mkdocs.search_parts import ROOT_NAME

HARNESS = ROOT / "devtools" / "search_worker.js"


def run_worker(node: str, site: Path, search_dir: str, mode: str, queries: list[str]) -> dict:
    """What the worker of site answers (mode whole, parts or terms: see search_worker.js)."""
    proc = subprocess.run(
        [node, str(HARNESS), str(site), search_dir, mode, *queries],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"search_worker.js failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def with_direct(
    site: Path,
    copy: Path,
    direct: int,
    rank: int | None = None,
    search_dirs: tuple[str, ...] = ("search/", "zh-Hans/search/"),
) -> Path:
    """A copy of site whose search worker fetches at most direct blocks of documents before it answers,
    and if rank is given, answers that many pages in full in a first answer from heads (config.parts
    direct and rank of each edition's parts.json, vlmguide.mkdocs.search_parts); returns copy."""
    shutil.copytree(site, copy)
    for search_dir in search_dirs:
        root = copy / search_dir / ROOT_NAME
        data = json.loads(root.read_text(encoding="utf-8"))
        data["config"]["parts"]["direct"] = direct
        if rank is not None:
            data["config"]["parts"]["rank"] = rank
        root.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return copy
