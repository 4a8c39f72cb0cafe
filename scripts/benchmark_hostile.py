"""Prints how long each hostile catalogue edit takes to be refused, by `vlmguide validate` and by
`mkdocs build --strict`, beside the same two commands on the unedited catalogue.

Each edit goes into a scratch copy of the project (vlmguide.editing.yaml_edit, in CLIP's entry); each
command runs in a process of its own with a timeout, as an editor or CI would run it, so a
regression shows as a timeout instead of a hang.

    .venv/bin/python scripts/benchmark_hostile.py [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vlmguide.catalogue.source import MAX_FILE_BYTES
from vlmguide.catalogue.text import MAX_TEXT_CHARS
from vlmguide.editing.yaml_edit import DataFile

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "data")


def alias_bomb(levels: int) -> str:
    lines = ['    b0: &a0 ["ha", "ha"]']
    lines += [f"    b{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 8)}]" for i in range(1, levels + 1)]
    return "\n" + "\n".join(lines)


def bomb(levels: int) -> Callable[[DataFile], None]:
    def edit(papers: DataFile) -> None:
        papers.insert_after(papers.paper_loc("clip", "mechanism"), "notes", "x")
        papers.set_raw(papers.paper_loc("clip", "notes"), alias_bomb(levels))

    return edit


def summary(text: str) -> Callable[[DataFile], None]:
    return lambda papers: papers.set(papers.paper_loc("clip", "summary"), text)


def raw_summary(text: str) -> Callable[[DataFile], None]:
    return lambda papers: papers.set_raw(papers.paper_loc("clip", "summary"), text)


def huge_file(papers: DataFile) -> None:
    papers.path.write_text(papers.text + "# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")


EDITS: dict[str, Callable[[DataFile], None] | None] = {
    "none (the catalogue as it is)": None,
    "alias bomb, 5 levels": bomb(5),
    "alias bomb, 9 levels": bomb(9),
    "one anchor": raw_summary("&s 一段摘要"),
    "5,000 nested brackets": raw_summary("[" * 5000 + "]" * 5000),
    f"text of {MAX_TEXT_CHARS + 1:,} characters": summary("字" * (MAX_TEXT_CHARS + 1)),
    "U+202E in a summary": summary("正常的文字\u202e反轉的文字"),
    f"file over {MAX_FILE_BYTES // 2**20} MiB": huge_file,
}


def timed(command: list[str], cwd: Path, timeout: float) -> tuple[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    try:
        proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s", "killed at the timeout"
    elapsed = f"{time.perf_counter() - start:.2f} s"
    output = proc.stdout + proc.stderr
    first = next((line.strip() for line in output.splitlines() if "data/" in line and ": " in line), "")
    traceback = " TRACEBACK" if "Traceback" in output else ""
    return elapsed, f"exit {proc.returncode}{traceback}: {first[:110]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    print(f"{'edit':32} {'validate':>9} {'build':>9}  first line")
    for name, edit in EDITS.items():
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp)
            for part in PARTS:
                source = ROOT / part
                (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
            if edit is not None:
                edit(DataFile(project / "data" / "papers.yaml"))
            validate, said = timed([sys.executable, "-m", "vlmguide", "validate"], project, args.timeout)
            build, _ = timed([sys.executable, "-m", "mkdocs", "build", "--strict"], project, args.timeout)
            print(f"{name:32} {validate:>9} {build:>9}  {said}")


if __name__ == "__main__":
    main()
