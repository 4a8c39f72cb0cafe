"""The CI workflows call commands that exist, with options the CLI accepts."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
import yaml

from vlmguide.cli import main

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run_lines(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [" ".join(step["run"].split()) for job in data["jobs"].values() for step in job["steps"] if "run" in step]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_vlmguide_invocations_parse(path):
    for line in run_lines(path):
        if line.startswith("vlmguide "):
            args = shlex.split(line)[1:]
            with main.make_context("vlmguide", list(args), resilient_parsing=False) as ctx:
                command = main.get_command(ctx, args[0])
                command.make_context(args[0], args[1:], parent=ctx)


def test_weekly_run_keeps_its_cache_even_on_failure_and_files_one_issue():
    data = yaml.safe_load((ROOT / ".github/workflows/linkcheck-weekly.yml").read_text(encoding="utf-8"))
    steps = data["jobs"]["linkcheck"]["steps"]
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save"))
    assert save["if"] == "always()"
    issue = next(s for s in steps if "gh issue" in s.get("run", ""))
    assert "gh issue list --state open --label linkcheck" in issue["run"] and "gh issue edit" in issue["run"]
    assert data[True]["schedule"]  # PyYAML reads the key `on` as True


def test_pull_requests_check_only_when_data_changes():
    data = yaml.safe_load((ROOT / ".github/workflows/linkcheck-pr.yml").read_text(encoding="utf-8"))
    assert data[True]["pull_request"]["paths"] == ["data/**"]
    assert not any("--external" in line for line in run_lines(ROOT / ".github/workflows/linkcheck-pr.yml"))


def test_deploy_builds_strict():
    assert any(line == "mkdocs build --strict" for line in run_lines(ROOT / ".github/workflows/deploy.yml"))


def test_an_unknown_option_would_be_caught():
    with pytest.raises(click.UsageError):
        with main.make_context("vlmguide", ["linkcheck", "--no-such-option"]) as ctx:
            main.get_command(ctx, "linkcheck").make_context("linkcheck", ["--no-such-option"], parent=ctx)
