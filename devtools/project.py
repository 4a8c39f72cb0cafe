"""Scratch copies of the project and builds of them, as an editor or CI builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIVE_DATA = ROOT / "data"  # what editors change
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"  # the frozen catalogue behaviour tests run on
SITE_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides")  # what a build needs besides data/ and the package

# Material prints an end-of-life notice on every build; read once (README), silenced here.
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def copy_parts(source_root: Path, target: Path, parts: tuple[str, ...]) -> Path:
    """Copy the named files and folders of source_root into target; return target."""
    for name in parts:
        src, dst = source_root / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            shutil.copy2(src, dst)
    return target


def copy_project(dest: Path, data: Path) -> Path:
    """What `mkdocs build` needs, copied into dest (the package itself is installed), with data as data/."""
    copy_parts(ROOT, dest, SITE_PARTS)
    shutil.copytree(data, dest / "data", ignore=shutil.ignore_patterns(".*"))
    return dest


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def mkdocs_build(
    project: Path, *extra: str, tool: str = "mkdocs", strict: bool = True, env: dict[str, str] | None = None
) -> BuildResult:
    """Run `mkdocs build --strict` in project, as CI would (tool="properdocs": its fork; strict=False: as
    an editor trying a draft would; env: more environment, e.g. SITE_URL as deploy sets it)."""
    proc = subprocess.run(
        [sys.executable, "-m", tool, "build", *(["--strict"] if strict else []), *extra],
        cwd=project,
        env={**BUILD_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, project / "site")


NOT_FOUND = "does-not-exist/"  # an address no page has: the server answers with the site's 404 page


def page_types(project_dir: Path) -> list[str]:
    """One address for each kind of page a site built from project_dir/data has, in each edition: each kind
    of generated page (vlmguide.pages.generated_site.GeneratedSite.page_types), each hand-written page, and
    NOT_FOUND; the zh-TW ones first, then their zh-Hans twins (vlmguide.pages.editions)."""
    from vlmguide.pages.editions import EDITIONS
    from vlmguide.pages.generated_site import generate_site

    generated = generate_site(project_dir).page_types().values()
    written = [f"{page.stem}/" for page in sorted((ROOT / "docs").glob("*.md")) if page.stem != "index"]
    return [edition.prefix + path for edition in EDITIONS for path in [*generated, *written, NOT_FOUND]]
