"""Reports of a link check: terminal, JSON, Markdown, GitHub annotations, JUnit XML.

JSON schema (schema_version 1):
    {"schema_version": 1, "generated_at": ISO time, "exit_code": 0|1,
     "summary": {state: count, ...},
     "links": [{"url", "kind", "arxiv_id", "paper_id", "state", "http_status", "final_url",
                "message", "source" ("data/papers.yaml:440" or "site/<page>"), "fix" (the URL to
                write there instead, or null), "checked_at", "consecutive_failures", "from_cache"}, ...]}
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from vlmguide.arxiv.outcome import State
from vlmguide.links.results import FAIL_IF_PERSISTENT, FAIL_NOW, UNREMARKABLE, LinkResult

SCHEMA_VERSION = 1


def failing(result: LinkResult, fail_after: int) -> bool:
    return result.state in FAIL_NOW or (
        result.state in FAIL_IF_PERSISTENT and result.consecutive_failures >= fail_after
    )


def reported(result: LinkResult, fail_after: int) -> bool:
    """Whether a report lists this result: it fails the run, or is worth a warning (which includes a
    link that works but should be written differently)."""
    return result.state not in UNREMARKABLE or failing(result, fail_after) or result.fix is not None


def _detail(result: LinkResult) -> str:
    return result.message + (f"; write {result.fix}" if result.fix else "")


def exit_code(results: list[LinkResult], fail_after: int) -> int:
    return int(any(failing(r, fail_after) for r in results))


def summary(results: list[LinkResult]) -> dict[str, int]:
    counts = Counter(r.state.value for r in results)
    return {state.value: counts.get(state.value, 0) for state in State}


def write_terminal(results: list[LinkResult], fail_after: int, out: TextIO) -> None:
    for result in (r for r in results if reported(r, fail_after)):
        mark = "FAIL" if failing(result, fail_after) else "warn"
        where = f"{result.source}: " if result.source else ""
        count = f" [{result.consecutive_failures} run(s) in a row]" if result.state in FAIL_IF_PERSISTENT else ""
        out.write(f"{mark} {where}{result.state.value}: {result.url} {_detail(result)}{count}\n")
    counts = ", ".join(f"{n} {state}" for state, n in summary(results).items() if n)
    cached = sum(r.from_cache for r in results)
    out.write(f"{len(results)} links: {counts}" + (f" ({cached} from cache)" if cached else "") + "\n")


def write_json(results: list[LinkResult], fail_after: int, path: Path, now: datetime) -> None:
    data = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": now.isoformat(timespec="seconds"),
        "exit_code": exit_code(results, fail_after),
        "summary": summary(results),
        "links": [r.to_json() for r in results],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_markdown(results: list[LinkResult], fail_after: int, path: Path, now: datetime) -> None:
    lines = [f"## Link check, {now:%Y-%m-%d %H:%M} UTC", ""]
    lines.append("| state | links |")
    lines.append("| --- | ---: |")
    lines += [f"| {state} | {n} |" for state, n in summary(results).items() if n]
    for state in State:
        group = [r for r in results if r.state == state]
        if not group or state in (State.OK,):
            continue
        lines += ["", f"### {state.value} ({len(group)})", "", "| link | source | detail |", "| --- | --- | --- |"]
        for r in group:
            detail = _detail(r).replace("|", "\\|")
            if failing(r, fail_after):
                detail = f"**fails the run** {detail}"
            lines.append(f"| {r.url} | {r.source or ''} | {detail} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def github_annotations(results: list[LinkResult], fail_after: int) -> list[str]:
    """::error / ::warning lines that GitHub Actions shows on the YAML line."""
    lines = []
    for r in (r for r in results if reported(r, fail_after)):
        level = "error" if failing(r, fail_after) else "warning"
        location = ""
        if r.source:
            file, _, line = r.source.partition(":")
            location = f" file={file}" + (f",line={line}" if line else "")
        message = f"{r.state.value}: {r.url} {_detail(r)}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{level}{location}::{message}")
    return lines


def write_junit(results: list[LinkResult], fail_after: int, path: Path) -> None:
    suite = ET.Element(
        "testsuite",
        name="linkcheck",
        tests=str(len(results)),
        failures=str(sum(failing(r, fail_after) for r in results)),
        skipped=str(sum(r.state == State.SKIPPED for r in results)),
    )
    for r in results:
        case = ET.SubElement(
            suite, "testcase", classname=f"linkcheck.{r.kind}", name=r.url, file=(r.source or "").partition(":")[0]
        )
        if failing(r, fail_after):
            ET.SubElement(case, "failure", type=r.state.value, message=r.message or r.state.value).text = r.source
        elif r.state == State.SKIPPED:
            ET.SubElement(case, "skipped", message=r.message)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


@dataclass(frozen=True)
class ReportFiles:
    """The report files a run writes besides the terminal's."""

    json: Path | None = None
    markdown: Path | None = None
    junit: Path | None = None


def write_reports(
    results: list[LinkResult], fail_after: int, files: ReportFiles, out: TextIO, now: datetime, *, github: bool
) -> int:
    """Every report the run asked for (annotations too, under GitHub Actions); returns the exit code."""
    write_terminal(results, fail_after, out)
    if github:
        for line in github_annotations(results, fail_after):
            out.write(line + "\n")
    if files.json:
        write_json(results, fail_after, files.json, now)
    if files.markdown:
        write_markdown(results, fail_after, files.markdown, now)
    if files.junit:
        write_junit(results, fail_after, files.junit)
    return exit_code(results, fail_after)
