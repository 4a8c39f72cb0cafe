"""Insurance for Material's end of life: the same project builds the same site under ProperDocs."""

from __future__ import annotations

import re
from pathlib import Path

from devtools.project import FIXTURE_DATA, copy_project, mkdocs_build

# The one line that names the generator; everything else must be byte for byte the same.
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    out = {}
    for file in sorted(site.rglob("*")):
        if file.is_file() and file.suffix != ".gz":  # sitemap.xml.gz embeds a timestamp; sitemap.xml is compared
            out[str(file.relative_to(site))] = _GENERATOR.sub(b"", file.read_bytes())
    return out


def test_properdocs_builds_the_same_pages_with_the_same_hooks(tmp_path: Path):
    project = copy_project(tmp_path / "project", FIXTURE_DATA)
    result = mkdocs_build(project, "-d", str(tmp_path / "properdocs-site"), tool="properdocs")
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output and "Traceback" not in result.output, result.output
    result = mkdocs_build(project, "-d", str(tmp_path / "mkdocs-site"))
    assert result.returncode == 0, result.output
    properdocs, mkdocs = _files(tmp_path / "properdocs-site"), _files(tmp_path / "mkdocs-site")
    assert sorted(properdocs) == sorted(mkdocs)  # the same page set, assets and downloads
    assert "papers/clip/index.html" in properdocs and "downloads/catalogue.json" in properdocs
    different = [name for name in mkdocs if properdocs[name] != mkdocs[name]]
    assert different == []
    assert b"ProperDocs" in (tmp_path / "properdocs-site" / "index.html").read_bytes()  # really built by it
