"""Repository links checked through a local stand-in of GitHub's REST API: renamed, archived, deleted,
and a used-up request quota (vlmguide.links.github)."""

from __future__ import annotations

import io
from pathlib import Path

from devtools.fake_servers import (
    FakeClock,
    LoopbackOnly,
    fake_server,
    github_api_routes,
    misbehaving_routes,
    quota_used_up,
    stand_in_papers,
)
from vlmguide.arxiv.outcome import State
from vlmguide.catalogue.code_links import GitHubRepository
from vlmguide.catalogue.model import Catalogue, OfficialCode
from vlmguide.links import report
from vlmguide.links.cache import Cache
from vlmguide.links.github import github_token, moved_url
from vlmguide.links.run import LinkCheck, Options

TOKEN = "ghs_stand-in-token"
LINKS = {  # paper id: its code link
    "clip": "https://github.com/lab/fine",
    "blip": "https://github.com/old-owner/old-name/tree/main/projects/blip",
    "vilt": "https://github.com/lab/archived",
    "albef": "https://github.com/lab/gone",
}


def with_code(catalogue: Catalogue, links: dict[str, str]) -> Catalogue:
    papers = tuple(
        p.model_copy(update={"code": OfficialCode(url=links[p.id], source="readme")}) if p.id in links else p
        for p in catalogue.papers
    )
    return catalogue.model_copy(update={"papers": papers})


def site_linking(tmp_path: Path, urls: list[str]) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<a href="{url}">code</a>' for url in urls)
    (site / "index.html").write_text(f"<html><body><h1>t</h1>{links}</body></html>", encoding="utf-8")
    return site


def run(catalogue: Catalogue, site: Path, base: str, token: str | None, transport=None, clock=None):
    options = Options(
        external=True,
        site=site,
        arxiv_url=base,
        arxiv_api_url=base + "/api/query",
        arxiv_interval=0,
        other_interval=0,
        github_api_url=base,
        github_token=token,
    )
    return LinkCheck(catalogue, options, Cache(None), clock=(clock or FakeClock()).clock(), transport=transport).run()


def test_renamed_archived_and_deleted_repositories_are_told_apart_at_their_yaml_line(tmp_path, catalogue):
    linked = with_code(catalogue, LINKS)
    tokens: list[str | None] = []
    routes = {
        **misbehaving_routes(stand_in_papers(catalogue)),
        **github_api_routes(
            {"lab/fine": False, "lab/archived": True}, {"old-owner/old-name": "new-owner/new-name"}, tokens
        ),
    }
    with fake_server(routes) as (base, requests):
        results = run(linked, site_linking(tmp_path, list(LINKS.values())), base, TOKEN, LoopbackOnly())
    by_paper = {r.paper_id: r for r in results if r.kind == "external"}
    assert set(tokens) == {f"Bearer {TOKEN}"}  # every API request carried the token
    assert requests.count("/repos/") == len(LINKS)  # asked once each, through the API
    renamed = by_paper["blip"]
    assert renamed.state == State.REDIRECTED and "renamed or transferred to new-owner/new-name" in renamed.message
    assert renamed.fix == "https://github.com/new-owner/new-name/tree/main/projects/blip"  # the folder kept
    assert renamed.source == linked.source_of("blip", "code")
    assert by_paper["vilt"].state == State.ARCHIVED and by_paper["clip"].state == State.OK
    gone = by_paper["albef"]
    assert gone.state == State.BROKEN and "no repository lab/gone" in gone.message
    # The terminal report lists the rename (with what to write) and the archive as warnings, at the
    # YAML line; only the deleted repository fails the run.
    out = io.StringIO()
    report.write_terminal(results, 3, out)
    text = out.getvalue()
    assert f"warn {renamed.source}: redirected: {LINKS['blip']}" in text and f"write {renamed.fix}" in text
    assert f"warn {linked.source_of('vilt', 'code')}: archived:" in text
    assert f"FAIL {linked.source_of('albef', 'code')}: broken:" in text
    assert LINKS["clip"] not in text
    assert report.exit_code(results, 3) == 1
    annotations = "\n".join(report.github_annotations(results, 3))
    file, _, line = renamed.source.partition(":")
    assert f"::warning file={file},line={line}::redirected:" in annotations


def test_a_used_up_quota_stops_asking_the_api_and_fails_only_if_it_persists(tmp_path, catalogue):
    clock = FakeClock()
    routes = {
        **misbehaving_routes(stand_in_papers(catalogue)),
        **{
            f"/repos/{url.split('/')[3]}/{url.split('/')[4]}": quota_used_up(lambda: clock.now().timestamp() + 3600)
            for url in LINKS.values()
        },
    }
    with fake_server(routes) as (base, requests):
        results = run(
            with_code(catalogue, LINKS),
            site_linking(tmp_path, list(LINKS.values())),
            base,
            TOKEN,
            LoopbackOnly(),
            clock,
        )
    states = sorted(r.state.value for r in results if r.kind == "external")
    assert states == ["rate_limited"] + ["skipped"] * (len(LINKS) - 1)
    assert requests.count("/repos/") == 1  # not asked again once the quota was said to be used up
    [limited] = [r for r in results if r.state == State.RATE_LIMITED]
    assert "resets in 3600 s" in limited.message
    assert not report.failing(limited, 3)  # a quota is not a broken link (unless it persists)
    assert 3600 not in clock.sleeps  # an hour is not waited for


def test_a_quota_that_resets_soon_is_waited_for(tmp_path, catalogue):
    clock = FakeClock()
    tokens: list[str | None] = []
    fine = github_api_routes({"lab/fine": False}, {}, tokens)["/repos/lab/fine"]
    calls = {"n": 0}

    def once_used_up(h, rec):
        calls["n"] += 1
        if calls["n"] == 1:
            quota_used_up(lambda: clock.now().timestamp() + 20)(h, rec)
        else:
            fine(h, rec)

    routes = {**misbehaving_routes(stand_in_papers(catalogue)), "/repos/lab/fine": once_used_up}
    with fake_server(routes) as (base, _):
        results = run(
            with_code(catalogue, {"clip": LINKS["clip"]}),
            site_linking(tmp_path, [LINKS["clip"]]),
            base,
            TOKEN,
            LoopbackOnly(),
            clock,
        )
    [checked] = [r for r in results if r.kind == "external"]
    assert checked.state == State.OK and 20 in [round(s) for s in clock.sleeps]


def test_without_a_token_repository_links_are_plain_paced_http(tmp_path, catalogue):
    transport = LoopbackOnly()
    with fake_server(misbehaving_routes(stand_in_papers(catalogue))) as (base, requests):
        results = run(with_code(catalogue, LINKS), site_linking(tmp_path, list(LINKS.values())), base, None, transport)
    assert requests.count("/repos/") == 0
    assert set(LINKS.values()) <= set(transport.elsewhere)  # asked where they point (answered by the stand-in)
    assert {r.state for r in results if r.kind == "external"} == {State.OK}


def test_the_token_comes_from_the_environment_and_a_move_keeps_the_folder():
    assert github_token({"GITHUB_TOKEN": "a", "GH_TOKEN": "b"}) == "a"
    assert github_token({"GH_TOKEN": "b"}) == "b" and github_token({}) is None
    old = GitHubRepository("Old", "Repo")
    assert (
        moved_url("https://github.com/old/repo/tree/main/x", old, "new/name")
        == "https://github.com/new/name/tree/main/x"
    )
