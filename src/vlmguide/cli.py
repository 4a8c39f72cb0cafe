"""The `vlmguide` command line: validate, import and export the catalogue, print its schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import CatalogueError
from .importing import merge
from .loader import ESSAY_FILE, PAPERS_FILE, load_catalogue
from .note import NoteFormatError, export_note, parse_note
from .schema import schemas
from .writer import write_catalogue

DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("data"),
    show_default=True, help="Folder holding papers.yaml and essay.yaml.",
)


def _load_or_exit(data_dir: Path):
    try:
        return load_catalogue(data_dir)
    except CatalogueError as exc:
        click.echo(exc.report(), err=True)
        sys.exit(1)


@click.group()
def main() -> None:
    """Tools for the VLM paper catalogue (data/*.yaml)."""


@main.command()
@DATA_OPTION
def validate(data_dir: Path) -> None:
    """Check the catalogue; print every problem as file:line:col: field: message."""
    catalogue = _load_or_exit(data_dir)
    click.echo(f"ok: {len(catalogue.eras)} eras, {len(catalogue.papers)} papers, "
               f"{len(catalogue.essay.points)} essay points")


@main.command("import-note")
@click.argument("note", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DATA_OPTION
def import_note(note: Path, data_dir: Path) -> None:
    """Import a note in the Markdown table format into the catalogue.

    Ids, English titles, authors and dates already in the catalogue are kept
    (papers are matched by arXiv ID). Nothing is written unless the result is valid.
    """
    try:
        text = note.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{note}: the note is not UTF-8; save it as UTF-8") from None
    try:
        parsed = parse_note(text)
    except NoteFormatError as exc:
        raise click.ClickException(f"{note}:{exc}") from None
    existing = None
    if (data_dir / PAPERS_FILE).exists() and (data_dir / ESSAY_FILE).exists():
        try:
            existing = load_catalogue(data_dir)
        except CatalogueError as exc:
            click.echo(exc.report(), err=True)
            raise click.ClickException("fix the current catalogue first, so nothing in it is lost") from None
    papers, essay = merge(parsed, existing)
    try:
        catalogue = write_catalogue(data_dir, papers, essay)
    except CatalogueError as exc:
        click.echo(exc.report(), err=True)
        raise click.ClickException("the imported note is not a valid catalogue; nothing was written") from None
    click.echo(f"imported {len(catalogue.papers)} papers in {len(catalogue.eras)} eras into {data_dir}")


@main.command("export-note")
@DATA_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def export_note_command(data_dir: Path, output: Path | None) -> None:
    """Export the catalogue in the note's Markdown table format."""
    text = export_note(_load_or_exit(data_dir))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@main.command()
@click.option("--write", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write <name>.schema.json files into this folder.")
def schema(out_dir: Path | None) -> None:
    """Print (or write) the JSON Schemas of data/papers.yaml and data/essay.yaml."""
    for name, document in schemas().items():
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if out_dir is None:
            click.echo(text, nl=False)
        else:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / f"{name}.schema.json").write_text(text, encoding="utf-8")
