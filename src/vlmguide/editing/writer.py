"""Writing the catalogue's YAML files: readable block style, validated before replacing anything."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from vlmguide.catalogue.loader import ESSAY_FILE, PAPERS_FILE, load_catalogue
from vlmguide.catalogue.model import Catalogue

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/{name}.schema.json\n"


class BlockDumper(yaml.SafeDumper):
    """Indents list items under their key, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        """Write every value out, even one the data holds twice: the loader refuses anchors and aliases."""
        return True


def dump_yaml(data: Any, schema_name: str, comment: str = "") -> str:
    body = yaml.dump(data, Dumper=BlockDumper, allow_unicode=True, sort_keys=False, width=10**6)
    # A blank line between list entries of the top-level lists keeps long files scannable.
    body = re.sub(r"(?<!:)\n(  - id: )", r"\n\n\1", body)
    return SCHEMA_LINE.format(name=schema_name) + comment + body


def write_catalogue(data_dir: Path, papers_data: dict[str, Any], essay_data: dict[str, Any]) -> Catalogue:
    """Validate the new data, then replace data_dir's files; on any problem nothing is touched.

    Raises CatalogueError (from the loader) if the new data is not a valid catalogue.
    """
    texts = {
        PAPERS_FILE: dump_yaml(
            papers_data, "papers", "# The catalogue: eras and papers. Edit freely; see docs/contributing.md.\n"
        ),
        ESSAY_FILE: dump_yaml(essay_data, "essay", "# The trends essay. Link a paper with [name](paper:ID).\n"),
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    return replace_validated(data_dir, texts)


def replace_validated(data_dir: Path, texts: dict[str, str]) -> Catalogue:
    """Replace data files with texts ({file name: text}) only if the catalogue they make is valid.

    The new texts are staged beside the other data files, loaded, and moved over the old ones
    only then; on any problem the loader's CatalogueError is raised and nothing is touched.
    """
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".staged-") as tmp:
        staged = Path(tmp)
        for name in (PAPERS_FILE, ESSAY_FILE):
            if name in texts:
                (staged / name).write_text(texts[name], encoding="utf-8")
            else:
                shutil.copy2(data_dir / name, staged / name)
        catalogue = load_catalogue(staged, display_root=staged)
        for name in texts:
            os.replace(staged / name, data_dir / name)
    return catalogue


def catalogue_data(catalogue: Catalogue) -> tuple[dict[str, Any], dict[str, Any]]:
    """The catalogue as the plain data of papers.yaml and essay.yaml."""
    papers = {
        "title": catalogue.title,
        "eras": [era.model_dump() for era in catalogue.eras],
        "topics": [topic.model_dump() for topic in catalogue.topics],
        "paths": [path.model_dump() for path in catalogue.paths],
        "papers": [paper.model_dump(exclude_defaults=True) for paper in catalogue.papers],
    }
    return papers, catalogue.essay.model_dump()
