"""The `vlmguide` command line: validate, import and export the catalogue, print its schema."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from vlmguide.arxiv.client import ARXIV_API_URL, ARXIV_URL, ClientSettings
from vlmguide.catalogue.errors import CatalogueError, warnings_report
from vlmguide.catalogue.loader import ESSAY_FILE, PAPERS_FILE, load_catalogue
from vlmguide.catalogue.model import Catalogue
from vlmguide.editing.importing import merge
from vlmguide.editing.metadata_fill import Fill, apply_fills, fills_for, fills_markdown
from vlmguide.editing.note import NoteFormatError, parse_note
from vlmguide.editing.schema import schemas
from vlmguide.editing.writer import write_catalogue
from vlmguide.links.github import GITHUB_API_URL
from vlmguide.pages.note_export import export_note

DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    help="Folder holding papers.yaml and essay.yaml.",
)


class CatalogueProblems(click.ClickException):
    """A catalogue that does not load, or would not after a change: its report, then what that means.

    The one way every command turns catalogue problems into output and exit code 1.
    """

    exit_code = 1

    def __init__(self, error: CatalogueError, consequence: str = "") -> None:
        super().__init__(consequence or error.report())
        self.error = error
        self.consequence = consequence

    def show(self, file: Any = None) -> None:
        click.echo(self.error.report(), err=True)
        if self.consequence:
            click.echo(f"Error: {self.consequence}", err=True)


def _load(data_dir: Path) -> Catalogue:
    try:
        return load_catalogue(data_dir)
    except CatalogueError as exc:
        raise CatalogueProblems(exc) from None


@click.group()
def main() -> None:
    """Tools for the VLM paper catalogue (data/*.yaml)."""


@main.command()
@DATA_OPTION
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, as `mkdocs build --strict` does.")
def validate(data_dir: Path, strict: bool) -> None:
    """Check the catalogue; print every problem as file:line:col: field: message.

    Placeholders (待補, left by `vlmguide new`) are warnings: the catalogue is valid and
    `mkdocs serve` shows them, but a strict build refuses to publish them.
    """
    catalogue = _load(data_dir)
    click.echo(
        f"ok: {len(catalogue.eras)} eras, {len(catalogue.papers)} papers, {len(catalogue.essay.points)} essay points"
    )
    if catalogue.warnings:
        click.echo(warnings_report(catalogue.warnings), err=True)
        if strict:
            sys.exit(1)


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
            raise CatalogueProblems(exc, "fix the current catalogue first, so nothing in it is lost") from None
    papers, essay = merge(parsed, existing)
    try:
        catalogue = write_catalogue(data_dir, papers, essay)
    except CatalogueError as exc:
        raise CatalogueProblems(exc, "the imported note is not a valid catalogue; nothing was written") from None
    click.echo(f"imported {len(catalogue.papers)} papers in {len(catalogue.eras)} eras into {data_dir}")


@main.command("export-note")
@DATA_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def export_note_command(data_dir: Path, output: Path | None) -> None:
    """Export the catalogue in the note's Markdown table format."""
    text = export_note(_load(data_dir))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@main.command()
@click.option(
    "--write",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write <name>.schema.json files into this folder.",
)
def schema(out_dir: Path | None) -> None:
    """Print (or write) the JSON Schemas of data/papers.yaml and data/essay.yaml."""
    for name, document in schemas().items():
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if out_dir is None:
            click.echo(text, nl=False)
        else:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / f"{name}.schema.json").write_text(text, encoding="utf-8")


def _path_option(name: str, dest: str, help: str, *, folder: bool = False) -> Any:
    return click.option(name, dest, type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path), help=help)


def _setting(name: str, kind: click.ParamType, default: object, help: str, envvar: str | None = None) -> Any:
    return click.option(name, type=kind, default=default, show_default=True, envvar=envvar, help=help)


# Declared once: linkcheck and new both ask the arXiv API.
ARXIV_API_OPTION = _setting(
    "--arxiv-api-url",
    click.STRING,
    ARXIV_API_URL,
    "The arXiv API (env ARXIV_API_URL).",
    envvar="ARXIV_API_URL",
)


@main.command()
@DATA_OPTION
@click.option("--offline", is_flag=True, help="Only the offline rules: no network at all.")
@click.option("--external", is_flag=True, help="Also check every external URL of the built site.")
@_path_option("--site", "site_dir", "The built site to check (default: site/ if it exists).", folder=True)
@_path_option("--cache", "cache_path", "JSON cache of results; fresh good results are not asked again.")
@_path_option("--json", "json_path", "Write a JSON report.")
@_path_option("--markdown", "markdown_path", "Write a Markdown report (job summary, issue body).")
@_path_option("--junit", "junit_path", "Write JUnit XML.")
@_setting(
    "--arxiv-url",
    click.STRING,
    ARXIV_URL,
    "Where links to arxiv.org are checked (env ARXIV_URL).",
    envvar="ARXIV_URL",
)
@ARXIV_API_OPTION
@_setting(
    "--arxiv-interval",
    click.FloatRange(min=0),
    ClientSettings.arxiv_interval,
    "Seconds between requests to arxiv.org and export.arxiv.org together.",
)
@_setting(
    "--fail-after",
    click.IntRange(min=1),
    3,
    "Fail on blocked/transient/rate-limited links only after this many runs in a row.",
)
@click.option(
    "--fill-metadata",
    is_flag=True,
    help="Write the first-version dates and primary categories arXiv gives for papers that lack them "
    "into data/papers.yaml (without it they are listed).",
)
@_path_option("--fills-markdown", "fills_path", "With missing values arXiv gives: write them as Markdown here.")
@_setting(
    "--deadline",
    click.FloatRange(min=1),
    ClientSettings.deadline,
    "Seconds the whole run may take; links not reached by then are skipped.",
)
@_setting(
    "--github-api-url",
    click.STRING,
    GITHUB_API_URL,
    "GitHub's REST API, asked about repository links when GITHUB_TOKEN (or GH_TOKEN) is set (env GITHUB_API_URL).",
    envvar="GITHUB_API_URL",
)
def linkcheck(
    data_dir: Path,
    offline: bool,
    external: bool,
    site_dir: Path | None,
    cache_path: Path | None,
    json_path: Path | None,
    markdown_path: Path | None,
    junit_path: Path | None,
    arxiv_url: str,
    arxiv_api_url: str,
    arxiv_interval: float,
    fail_after: int,
    fill_metadata: bool,
    fills_path: Path | None,
    deadline: float,
    github_api_url: str,
) -> None:
    """Check every arXiv ID and link: offline rules, arXiv metadata, external links.

    With a GitHub token in the environment, repository links are asked through GitHub's API: a
    renamed one is reported with its new address, an archived one is reported, a deleted one is broken.
    Exit 0 when all is well, 1 when a link is broken, changed or malformed (or blocked or
    transient for --fail-after runs in a row), 2 for usage or configuration errors.
    """
    from vlmguide.links import report
    from vlmguide.links.check import SettingsError, check_links
    from vlmguide.links.github import github_token
    from vlmguide.links.run import Options, terminal_progress

    options = Options(
        offline=offline,
        external=external,
        site=site_dir,
        arxiv_url=arxiv_url,
        arxiv_api_url=arxiv_api_url,
        arxiv_interval=arxiv_interval,
        deadline=deadline,
        fill_metadata=fill_metadata,
        github_api_url=github_api_url,
        github_token=github_token(),
    )
    try:
        run = check_links(data_dir, options, cache_path, progress=terminal_progress)
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    if run.catalogue is not None:
        click.echo("offline rules looked at " + ", ".join(f"{n} {what}" for what, n in run.stats.items()))
        fills = fills_for(run.catalogue, run.arxiv_entries)
        if fills and fills_path:
            fills_path.write_text(fills_markdown(fills), encoding="utf-8")
        _report_fills(data_dir, run.catalogue, fills, write=fill_metadata)
    files = report.ReportFiles(json=json_path, markdown=markdown_path, junit=junit_path)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    sys.exit(report.write_reports(run.results, fail_after, files, sys.stdout, datetime.now(UTC), github=github))


def _report_fills(data_dir: Path, catalogue: Catalogue, fills: list[Fill], *, write: bool) -> None:
    """List what arXiv can fill in, or write it (--fill-metadata)."""
    if not fills:
        return
    if not write:
        click.echo(f"{len(fills)} missing values arXiv gives (run with --fill-metadata to write them):")
        for fill in fills:
            click.echo(f"  {fill}")
        return
    try:
        apply_fills(data_dir, fills)
    except CatalogueError as exc:
        raise CatalogueProblems(exc, "the filled catalogue would not be valid; nothing was written") from None
    click.echo(f"filled {len(fills)} missing values in {catalogue.papers_file}:")
    for fill in fills:
        click.echo(f"  {fill}")


@main.command()
@click.argument("arxiv_id")
@DATA_OPTION
@click.option("--name", help="The model's short name (default: the title's part before ':').")
@click.option("--era", "era_id", help="The era id (default: the era whose years hold the paper's year).")
@click.option("--topic", "topics", multiple=True, help="A topic id (1 to 4; repeat the option).")
@click.option("--print", "print_only", is_flag=True, help="Print the entry instead of adding it.")
@_setting("--retries", click.IntRange(min=0), 2, "Times to retry the arXiv API after a failure (with backoff).")
@ARXIV_API_OPTION
def new(
    arxiv_id: str,
    data_dir: Path,
    name: str | None,
    era_id: str | None,
    topics: tuple[str, ...],
    print_only: bool,
    retries: int,
    arxiv_api_url: str,
) -> None:
    """Add a ready-to-edit entry for ARXIV_ID, with title, authors and date from arXiv.

    The rest of papers.yaml is left exactly as it is. Fill in 簡單摘要, 關鍵技術與閱讀重點
    and 基本原理 (marked 待補) before publishing.
    """
    from vlmguide.arxiv import ids as arxiv
    from vlmguide.arxiv.client import polite_fetcher
    from vlmguide.arxiv.http import HttpSettings
    from vlmguide.editing.new_paper import NewPaperError, append_entry, entry_text, fetch_entry, make_entry

    try:
        arxiv.parse(arxiv_id)
    except arxiv.ArxivIdError as exc:
        raise click.UsageError(str(exc)) from None
    catalogue = _load(data_dir)
    unknown = [t for t in topics if t not in catalogue.topics_by_id]
    if catalogue.topics and (not topics or unknown or len(topics) > 4):
        raise click.UsageError(
            ("unknown topic " + ", ".join(unknown) if unknown else "give 1 to 4 --topic options")
            + "; topics: "
            + ", ".join(catalogue.topics_by_id)
        )
    settings = ClientSettings(arxiv_api_url=arxiv_api_url, deadline=120, http=HttpSettings(timeout=20, retries=retries))
    fetcher = polite_fetcher(settings)
    with fetcher.client:
        try:
            entry = fetch_entry(fetcher, arxiv_api_url, arxiv_id)
            data = make_entry(catalogue, arxiv_id, entry, name, era_id, list(topics))
            text = entry_text(data)
            if print_only:
                click.echo(text, nl=False)
                return
            append_entry(data_dir, text)
        except NewPaperError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"added {arxiv_id} to {catalogue.papers_file}; fill in the fields marked 待補")
    if "code" in data:
        click.echo(
            f"code: {data['code']['url']} (the arXiv abstract or comment names it as the paper's code;"
            " check that it is the authors' own before publishing)"
        )
