"""The CI workflows call commands that exist, with options the CLI accepts."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from devtools.fake_servers import fake_server, misbehaving_routes, stand_in_papers
from devtools.project import FIXTURE_DATA, ROOT, copy_project
from tests.conftest import yaml_line
from vlmguide.cli import main

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run_lines(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [" ".join(step["run"].split()) for job in data["jobs"].values() for step in job["steps"] if "run" in step]


@pytest.mark.parametrize("path", [p for p in WORKFLOWS if p.name.startswith("linkcheck")], ids=lambda p: p.name)
def test_vlmguide_invocations_parse(path):
    invocations = [line for line in run_lines(path) if line.startswith("vlmguide ")]
    assert invocations, f"{path.name} runs vlmguide"
    for line in invocations:
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
    # Repository links are asked through GitHub's API with the job's token (vlmguide.links.github).
    check = next(s for s in steps if "vlmguide linkcheck --external" in s.get("run", ""))
    assert check["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    assert "write" not in str(data["jobs"]["linkcheck"]["permissions"].get("contents"))


def test_pull_requests_check_only_when_data_changes():
    data = yaml.safe_load((ROOT / ".github/workflows/linkcheck-pr.yml").read_text(encoding="utf-8"))
    assert data[True]["pull_request"]["paths"] == ["data/**"]
    assert not any("--external" in line for line in run_lines(ROOT / ".github/workflows/linkcheck-pr.yml"))


def test_deploy_publishes_what_a_strict_build_made():
    """The build job installs, builds strictly at the Pages address, and uploads site/; only then is it published."""
    jobs = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))["jobs"]
    steps = jobs["build"]["steps"]
    runs = [" ".join(step.get("run", "").split()) for step in steps]
    build = runs.index("mkdocs build --strict")
    install = next(i for i, run in enumerate(runs) if run.startswith("python -m pip install -c constraints.txt"))
    upload = next(
        i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert install < build < upload
    assert "steps.pages.outputs.base_url" in steps[build]["env"]["SITE_URL"]
    assert steps[upload]["with"]["path"] == "site"
    assert jobs["deploy"]["needs"] == "build"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in jobs["deploy"]["steps"])


def test_an_unknown_option_would_be_caught():
    with pytest.raises(click.UsageError), main.make_context("vlmguide", ["linkcheck", "--no-such-option"]) as ctx:
        main.get_command(ctx, "linkcheck").make_context("linkcheck", ["--no-such-option"], parent=ctx)


BIN = Path(sys.executable).parent  # zizmor and actionlint are pinned in the test extras


def _lint(tool: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_zizmor_finds_nothing_even_as_an_auditor():
    """Actions pinned by commit, least permissions per job, no persisted credentials, no template injection."""
    result = _lint("zizmor", "--offline", "--persona=auditor", ".github/workflows/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_actionlint_finds_nothing():
    result = _lint("actionlint", "-no-color", *map(str, WORKFLOWS))
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_both_checkers_catch_what_we_fixed(tmp_path):
    """The checks can fail: an unpinned, over-permitted workflow with a typo is reported by each."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "bad.yml").write_text(
        "on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.head_commit.message }}\n"
        "        if: ${{ github.ref == 'main' }\n",
        encoding="utf-8",
    )
    zizmor = _lint("zizmor", "--offline", str(workflows))
    assert zizmor.returncode != 0
    assert {"unpinned-uses", "artipacked", "template-injection"} <= set(re.findall(r"\[([a-z-]+)\]", zizmor.stdout))
    actionlint = _lint("actionlint", "-no-color", str(workflows / "bad.yml"))
    assert actionlint.returncode != 0 and "bad.yml" in actionlint.stdout


def test_the_weekly_fill_step_writes_the_filled_lines_and_the_pull_requests_body(tmp_path, catalogue):
    """The step that makes the pull request's contents, run as GitHub runs it, against the arXiv stand-in:
    papers.yaml gains only the lines arXiv fills, fills.md lists them for the body, and the step says so."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/linkcheck-weekly.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["fill-metadata"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert "write" not in str(workflow["jobs"]["linkcheck"]["permissions"].get("contents"))
    step = next(s for s in job["steps"] if s.get("id") == "fill")

    repo = copy_project(tmp_path / "repo", FIXTURE_DATA)
    git = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    git["GIT_COMMITTER_EMAIL"] = "t@t"
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "fixture"]):
        subprocess.run(["git", *command], cwd=repo, env=git, check=True)
    before = (repo / "data" / "papers.yaml").read_text(encoding="utf-8")
    lacking = [p for p in catalogue.papers if p.published is None or p.primary_category is None]
    assert lacking, "the fixture has papers without a date or category"
    answers = stand_in_papers(catalogue, **{p.arxiv: {"published": "2017-07-18", "category": "cs.LG"} for p in lacking})
    output = tmp_path / "github_output"
    with fake_server(misbehaving_routes(answers)) as (base, recorder):
        env = {**git, "ARXIV_API_URL": base + "/api/query", "GITHUB_OUTPUT": str(output)}
        env["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert recorder.count("/api/query") == 1
    assert output.read_text(encoding="utf-8") == "changed=true\n"
    after = (repo / "data" / "papers.yaml").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    fills = sum((p.published is None) + (p.primary_category is None) for p in lacking)
    assert len(added) == fills and len(after.splitlines()) == len(before.splitlines()) + fills
    body = (repo / "fills.md").read_text(encoding="utf-8")
    first = lacking[0]
    assert f"| `data/papers.yaml:{yaml_line(FIXTURE_DATA / 'papers.yaml', first.id)}` | {first.id} |" in body
    assert body.count("\n| `data/papers.yaml:") == fills


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_that_builds_the_site_installs_the_card_font_first(path):
    """The social cards are drawn in Noto Sans CJK (vlmguide.pages.cards): a runner without it fails the build."""
    jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    building = 0
    for job in jobs.values():
        runs = [" ".join(step.get("run", "").split()) for step in job["steps"]]
        if "mkdocs build --strict" in runs:
            building += 1
            font = next(i for i, run in enumerate(runs) if "apt-get install" in run and "fonts-noto-cjk" in run)
            assert font < runs.index("mkdocs build --strict"), path.name
    assert building >= 1
