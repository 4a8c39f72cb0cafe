"""A whole link-check run against a local arXiv stand-in: one request, matching by ID, cache, reports."""

from __future__ import annotations

import difflib
import json
import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from devtools.fake_servers import (
    FakeClock,
    LoopbackOnly,
    _send,
    atom_feed,
    empty_answers,
    fake_server,
    misbehaving_routes,
    not_found,
    stand_in_papers,
)
from devtools.project import FIXTURE_DATA, copy_project, mkdocs_build
from tests.conftest import FIXTURES, yaml_line
from vlmguide.arxiv.api import normalise_title, parse_feed, query_urls
from vlmguide.arxiv.http import HttpSettings
from vlmguide.arxiv.outcome import State
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.links import report
from vlmguide.links.cache import Cache, CacheError
from vlmguide.links.run import LinkCheck, Options


def run_check(base: str, cache: Cache, catalogue, clock: FakeClock | None = None, **options):
    clock = clock or FakeClock()
    opts = Options(arxiv_url=base, arxiv_api_url=base + "/api/query", arxiv_interval=3.0, **options)
    return LinkCheck(catalogue, opts, cache, clock=clock.clock()).run()


def test_every_id_in_one_request_matched_by_id(catalogue):
    with fake_server(misbehaving_routes(stand_in_papers(catalogue))) as (base, recorder):
        results = run_check(base, Cache(None), catalogue)
    assert recorder.count("/api/query") == 1
    [(_, path)] = recorder.requests
    assert f"max_results={len(catalogue.papers)}" in path  # without it the API cuts the list at 10
    assert len(results) == len(catalogue.papers) and {r.state for r in results} == {State.OK}
    clip = catalogue.papers.index(catalogue.papers_by_id["clip"])
    arxiv_line = yaml_line(FIXTURE_DATA / "papers.yaml", "clip", "arxiv")
    assert results[clip].paper_id == "clip" and results[clip].source == f"data/papers.yaml:{arxiv_line}"


def test_missing_withdrawn_and_changed_are_reported_at_the_yaml_line(catalogue):
    """CLIP is absent from an answer that lists the others, and its abstract page answers 404: broken."""
    papers = stand_in_papers(
        catalogue,
        **{
            "2103.00020": None,  # unknown to arXiv: simply absent from the feed
            "2104.13921": {"comment": "This paper has been withdrawn by the authors"},
            "2201.12086": {"title": "BLIP: A Different Title Now"},
            "2107.07651": {
                "title": "ALIGN before fuse:  vision and language REPRESENTATION learning with momentum distillation"
            },  # case and spacing only: still the same title
        },
    )
    routes = {**misbehaving_routes(papers), "/abs/2103.00020": not_found}
    with fake_server(routes) as (base, recorder):
        results = {r.paper_id: r for r in run_check(base, Cache(None), catalogue)}
    assert recorder.count("/api/query") == 3  # the incomplete answer was asked again, twice
    assert results["clip"].state == State.BROKEN and "no paper with this ID" in results["clip"].message
    assert "abstract page answers 404" in results["clip"].message
    assert results["vild"].state == State.BROKEN and "withdrawn" in results["vild"].message
    assert results["blip"].state == State.CHANGED
    assert results["blip"].source == f"data/papers.yaml:{yaml_line(FIXTURE_DATA / 'papers.yaml', 'blip', 'title')}"
    assert "BLIP: A Different Title Now" in results["blip"].message
    assert results["albef"].state == State.OK


def test_a_malformed_id_error_entry_is_matched_to_its_id(catalogue):
    feed = atom_feed([], errors=["2103.00020"])
    entries, errors = parse_feed(feed)
    assert entries == {} and errors[0].error == "incorrect id format for 2103.00020"

    def api(handler, recorder):
        _send(handler, 200, feed)

    routes = {**misbehaving_routes(), "/api/query": api}
    with fake_server(routes) as (base, _):
        results = {r.paper_id: r for r in run_check(base, Cache(None), catalogue)}
    assert results["clip"].state == State.MALFORMED and "incorrect id format" in results["clip"].message
    assert results["vse"].state == State.TRANSIENT  # an answer with no entries proves nothing about the others


def test_one_empty_answer_is_asked_again_and_marks_nothing_broken(catalogue):
    """The API sometimes answers a valid query with an empty feed; the next answer counts."""
    papers = stand_in_papers(catalogue)
    routes = {**misbehaving_routes(papers), "/api/query": empty_answers(misbehaving_routes(papers)["/api/query"], 1)}
    clock = FakeClock()
    with fake_server(routes) as (base, recorder):
        results = run_check(base, Cache(None), catalogue, clock)
    assert recorder.count("/api/query") == 2
    assert {r.state for r in results} == {State.OK} and report.exit_code(results, fail_after=3) == 0
    assert 3.0 in clock.sleeps  # asked again at arXiv's pace, not at once


def test_empty_answers_every_time_are_transient_and_fail_only_after_n_runs(catalogue):
    papers = stand_in_papers(catalogue)
    routes = {**misbehaving_routes(papers), "/api/query": empty_answers(misbehaving_routes(papers)["/api/query"], None)}
    cache, codes = Cache(None), []
    with fake_server(routes) as (base, recorder):
        for _ in range(3):
            results = run_check(base, cache, catalogue)
            codes.append(report.exit_code(results, fail_after=3))
    assert recorder.count("/abs/") == 0  # an empty answer says nothing of any one paper: no page is asked
    assert {r.state for r in results} == {State.TRANSIENT} and len(results) == len(catalogue.papers)
    assert "no entries, 3 times" in results[0].message
    assert codes == [0, 0, 1]


@pytest.mark.parametrize(("page", "state"), [(404, State.BROKEN), (200, State.TRANSIENT)])
def test_a_paper_missing_from_a_full_answer_is_broken_only_if_its_page_is_gone(catalogue, page, state):
    papers = stand_in_papers(catalogue, **{"2103.00020": None})
    routes = {**misbehaving_routes(papers), "/abs/2103.00020": lambda h, rec: _send(h, page, "page")}
    with fake_server(routes) as (base, recorder):
        results = {r.paper_id: r for r in run_check(base, Cache(None), catalogue)}
    assert recorder.count("/abs/") == 1  # only the missing paper's page
    assert results["clip"].state == state
    assert {r.state for pid, r in results.items() if pid != "clip"} == {State.OK}
    if state == State.TRANSIENT:
        assert "the API and the site disagree" in results["clip"].message
    assert report.exit_code(list(results.values()), fail_after=3) == (1 if state == State.BROKEN else 0)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><feed xmlns="http://www.w3.org/2005/Atom"><title>&i;</title></feed>'
)


@pytest.mark.parametrize(
    ("answer", "state", "message"),
    [
        (lambda h, rec: _send(h, 200, atom_feed([])[:120]), State.TRANSIENT, "not XML"),
        (lambda h, rec: _send(h, 200, BILLION_LAUGHS), State.TRANSIENT, "not XML"),
        (lambda h, rec: _send(h, 503, "later", {"Retry-After": "3600"}), State.TRANSIENT, "Retry-After 3600 s"),
    ],
    ids=["truncated-xml", "entity-bomb", "retry-after-an-hour"],
)
def test_other_misbehaviour_of_the_api_is_transient_at_once(catalogue, answer, state, message):
    """A truncated feed, an entity bomb and a Retry-After of an hour: reported, not waited for, nothing broken."""
    routes = {**misbehaving_routes(), "/api/query": answer}
    clock = FakeClock()
    with fake_server(routes) as (base, _):
        results = run_check(base, Cache(None), catalogue, clock)
    assert {r.state for r in results} == {state} and message in results[0].message
    assert sum(clock.sleeps) < 60


def test_more_ids_than_one_request_holds_are_split():
    ids = [f"2101.{n:05d}" for n in range(250)]
    urls = query_urls("https://export.arxiv.org/api/query", ids)
    assert len(urls) == 3
    assert all("max_results=" in u for u in urls)
    assert sum(u.count(",") + 1 for u in urls) == 250


def test_titles_are_compared_after_normalising():
    assert normalise_title(r"Learning \emph{Transferable} Visual-Models: from $N$atural  language") == normalise_title(
        "learning transferable visual models from natural language"
    )
    assert normalise_title("CoCa") != normalise_title("CoCa 2")


def test_a_cached_rerun_sends_nothing(tmp_path, catalogue):
    cache_path = tmp_path / "cache.json"
    with fake_server(misbehaving_routes(stand_in_papers(catalogue))) as (base, recorder):
        cache = Cache.load(cache_path)
        run_check(base, cache, catalogue)
        cache.save()
        assert recorder.count() == 1
        again = run_check(base, Cache.load(cache_path), catalogue)
        assert recorder.count() == 1
    assert all(r.from_cache and r.state == State.OK for r in again)
    saved = json.loads(cache_path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == 1 and len(saved["entries"]) == len(catalogue.papers)


def test_failures_are_never_fresh_and_fail_only_after_n_runs(tmp_path, catalogue):
    cache_path = tmp_path / "cache.json"
    routes = {**misbehaving_routes(), "/api/query": lambda h, rec: _send(h, 503, "maintenance")}
    codes = []
    with fake_server(routes) as (base, recorder):
        for _ in range(3):
            cache = Cache.load(cache_path)
            results = run_check(base, cache, catalogue, http=HttpSettings(retries=0))
            cache.save()
            codes.append(report.exit_code(results, fail_after=3))
        assert recorder.count("/api/query") == 3  # asked again every run
    assert codes == [0, 0, 1]
    assert all(r.state == State.TRANSIENT and r.consecutive_failures == 3 for r in results)


def test_a_good_answer_resets_the_failure_count(tmp_path, catalogue):
    cache = Cache(tmp_path / "c.json")
    bad_routes = {**misbehaving_routes(), "/api/query": lambda h, rec: _send(h, 503, "down")}
    with fake_server(bad_routes) as (base, _):
        run_check(base, cache, catalogue, http=HttpSettings(retries=0))
    with fake_server(misbehaving_routes(stand_in_papers(catalogue))) as (base, _):
        results = run_check(base, cache, catalogue)
    assert all(r.consecutive_failures == 0 for r in results)


def test_a_corrupt_cache_is_a_clear_error(tmp_path):
    path = tmp_path / "cache.json"
    path.write_text('{"schema_version": 99, "entries": {}}', encoding="utf-8")
    with pytest.raises(CacheError, match="schema_version is not 1"):
        Cache.load(path)


def _mini_site(root: Path, base: str) -> Path:
    """A built site whose external links all point at the local stand-in."""
    (root / "papers").mkdir(parents=True)
    links = "".join(f'<a href="{base}{p}">x</a>' for p in ["/ok", "/chain/1", "/missing", "/head-405"])
    (root / "index.html").write_text(
        f'<html><body><h1 id="top">t</h1>{links}<a href="papers/">p</a><a href="#top">t</a>'
        f'<a href="papers/nope.html">dead</a><a href="#nowhere">dead anchor</a>'
        f'<a href="https://arxiv.org/abs/2103.00020">clip</a></body></html>',
        encoding="utf-8",
    )
    (root / "papers" / "index.html").write_text("<html><body><h1>p</h1></body></html>", encoding="utf-8")
    return root


def test_cli_end_to_end_with_reports(tmp_path, data, catalogue):
    with fake_server(misbehaving_routes(stand_in_papers(catalogue))) as (base, recorder):
        site = _mini_site(tmp_path / "site", base)
        env = {**os.environ, "ARXIV_API_URL": base + "/api/query", "ARXIV_URL": base, "GITHUB_ACTIONS": "true"}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "vlmguide",
                "linkcheck",
                "--external",
                "--site",
                str(site),
                "--arxiv-interval",
                "0",
                "--cache",
                str(tmp_path / "cache.json"),
                "--json",
                str(tmp_path / "r.json"),
                "--markdown",
                str(tmp_path / "r.md"),
                "--junit",
                str(tmp_path / "r.xml"),
            ],
            cwd=data.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    by_url = {link["url"]: link for link in data["links"]}
    assert data["schema_version"] == 1 and data["exit_code"] == 1
    assert by_url[base + "/missing"]["state"] == "broken" and by_url[base + "/missing"]["http_status"] == 404
    assert by_url[base + "/chain/1"]["state"] == "redirected" and by_url[base + "/chain/1"]["final_url"] == base + "/ok"
    assert by_url[base + "/head-405"]["state"] == "ok"
    clip = by_url[base + "/abs/2103.00020"]  # the site's arxiv.org link, checked at --arxiv-url
    arxiv_line = yaml_line(FIXTURE_DATA / "papers.yaml", "clip", "arxiv")
    assert clip["paper_id"] == "clip" and clip["source"] == f"data/papers.yaml:{arxiv_line}"
    assert by_url["papers/nope.html"]["state"] == "broken" and by_url["papers/nope.html"]["source"] == "site/index.html"
    assert by_url["#nowhere"]["state"] == "broken"
    assert set(data["links"][0]) >= {
        "url",
        "arxiv_id",
        "paper_id",
        "state",
        "http_status",
        "final_url",
        "message",
        "source",
    }
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "### broken" in markdown and "### redirected" in markdown
    suite = ET.parse(tmp_path / "r.xml").getroot()
    assert suite.get("failures") == "3" and int(suite.get("tests")) == len(data["links"])
    assert any(line.startswith("::error file=site/index.html::broken:") for line in proc.stdout.splitlines())
    assert recorder.count("/api/query") == 1


def _linkcheck(
    data: Path, base: str, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`vlmguide linkcheck --data <data's name>` in data's project, asking the arXiv stand-in at base."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "vlmguide",
            "linkcheck",
            "--data",
            data.name,
            "--arxiv-api-url",
            base + "/api/query",
            "--arxiv-interval",
            "0",
            *extra,
        ],
        cwd=data.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("folder", ["data", "elsewhere"])
def test_cli_annotation_points_at_the_yaml_line(tmp_path, data, catalogue, folder):
    """Reports name the data file that was checked: with --data elsewhere, elsewhere/papers.yaml."""
    data = data.rename(data.parent / folder)
    papers = stand_in_papers(catalogue, **{"2201.12086": {"title": "BLIP: A Different Title Now"}})
    with fake_server(misbehaving_routes(papers)) as (base, _):
        site = str(_mini_site(tmp_path / "site", base))
        proc = _linkcheck(data, base, "--site", site, env={**os.environ, "GITHUB_ACTIONS": "true"})
    line = yaml_line(data / "papers.yaml", "blip", "title")
    assert proc.returncode == 1
    assert f"::error file={folder}/papers.yaml,line={line}::changed:" in proc.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--arxiv-api-url", "not a url"], "--arxiv-api-url"),
        (["--fail-after", "0"], "--fail-after"),
        (["--external", "--site", "/nonexistent"], "not a built site"),
        (["--deadline", "-1"], "--deadline"),
    ],
)
def test_cli_usage_errors_exit_2(args, message):
    proc = subprocess.run(
        [sys.executable, "-m", "vlmguide", "linkcheck", *args], cwd=FIXTURES, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2 and message in proc.stderr


def test_a_broken_catalogue_is_reported_as_malformed_with_its_line(data):
    papers = DataFile(data / "papers.yaml")
    loc = papers.paper_loc("clip", "arxiv")
    papers.set(loc, papers.value(loc)[:-1])
    proc = subprocess.run(
        [sys.executable, "-m", "vlmguide", "linkcheck", "--offline", "--json", "r.json"],
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    [link] = json.loads((data.parent / "r.json").read_text(encoding="utf-8"))["links"]
    assert link["state"] == "malformed" and link["source"] == f"data/papers.yaml:{papers.line(loc)}"


def test_a_deployed_build_sends_nothing_to_its_own_address(tmp_path, catalogue):
    """Links under site_url (canonical links, og:url, the 404 page) are checked in site/, never fetched."""
    with fake_server({}) as (own, own_requests):  # where the site says it lives: records every request
        site_url = own + "/vlm-papers/"
        build = mkdocs_build(copy_project(tmp_path / "project", FIXTURE_DATA), env={"SITE_URL": site_url})
        assert build.returncode == 0, build.output
        home = build.site / "index.html"
        assert f'<link rel="canonical" href="{site_url}">' in home.read_text(encoding="utf-8")
        home.write_text(
            home.read_text(encoding="utf-8").replace(
                "</body>", f'<a href="{site_url}papers/no-such-paper/">x</a></body>'
            ),
            encoding="utf-8",
        )
        transport = LoopbackOnly()
        with fake_server(misbehaving_routes(stand_in_papers(catalogue))) as (arxiv, arxiv_requests):
            options = Options(
                external=True,
                site=build.site,
                arxiv_url=arxiv,
                arxiv_api_url=arxiv + "/api/query",
                arxiv_interval=0,
                other_interval=0,
            )
            results = LinkCheck(catalogue, options, Cache(None), clock=FakeClock().clock(), transport=transport).run()
    assert own_requests.requests == []
    assert not [r for r in results if r.url.startswith(site_url) and r.kind != "internal"]
    [broken] = [r for r in results if r.state == State.BROKEN]
    assert broken.kind == "internal" and broken.url == f"{site_url}papers/no-such-paper/"
    # The external stage did run: each paper's abstract page, and each remark's source, asked once.
    sources = {r.source for p in catalogue.papers for r in p.remarks if r.source} - {
        p.abs_url for p in catalogue.papers
    }
    assert arxiv_requests.count("/abs/") == len(catalogue.papers) + len(sources)
    assert transport.elsewhere and not any(urlsplit(u).hostname == "127.0.0.1" for u in transport.elsewhere)


def test_a_stalling_host_does_not_use_up_the_arxiv_links_deadline(tmp_path, catalogue):
    """Twelve hosts that accept a connection and never answer, beside the arXiv stand-in: each host
    group has its own thread, so every arXiv link is checked before the run's deadline."""
    with ExitStack() as stack:
        stalled = []
        for n in range(2, 14):  # 127.0.0.2 to 127.0.0.13: twelve hosts, twelve host groups
            sock = stack.enter_context(socket.socket())
            sock.bind((f"127.0.0.{n}", 0))
            sock.listen(8)  # connections wait in the backlog; nothing ever reads or answers them
            stalled.append(f"http://127.0.0.{n}:{sock.getsockname()[1]}/slow")
        (base, _) = stack.enter_context(fake_server(misbehaving_routes(stand_in_papers(catalogue))))
        site = tmp_path / "site"
        site.mkdir()
        arxiv_links = [p.abs_url for p in catalogue.papers[:20]]
        (site / "index.html").write_text(
            "<html><body><h1>t</h1>"
            + "".join(f'<a href="{u}">x</a>' for u in stalled + arxiv_links)
            + "</body></html>",
            encoding="utf-8",
        )
        options = Options(
            external=True,
            site=site,
            arxiv_url=base,
            arxiv_api_url=base + "/api/query",
            arxiv_interval=0.01,
            other_interval=0,
            deadline=4,
            http=HttpSettings(timeout=1, retries=2, backoff=0.5),
        )
        results = LinkCheck(catalogue, options, Cache(None)).run()
    external = {r.url: r for r in results if r.kind == "external"}
    assert {external[base + urlsplit(u).path].state for u in arxiv_links} == {State.OK}
    assert {external[u].state for u in stalled} <= {State.TRANSIENT, State.SKIPPED}


def test_missing_dates_and_categories_are_listed_then_filled_in_place(data, catalogue):
    """The one API request linkcheck makes also answers what papers lack; --fill-metadata writes it
    field by field, and every other byte of papers.yaml stays as it was."""
    lacking = [p for p in catalogue.papers if p.published is None or p.primary_category is None]
    assert lacking, "the fixture has papers without a date or category"
    answers = {p.arxiv: {"published": "2017-07-18", "category": "cs.LG"} for p in lacking}
    papers_file = data / "papers.yaml"
    before = papers_file.read_text(encoding="utf-8")
    with fake_server(misbehaving_routes(stand_in_papers(catalogue, **answers))) as (base, recorder):
        listed = _linkcheck(data, base)
        assert papers_file.read_text(encoding="utf-8") == before  # listing writes nothing
        filled = _linkcheck(data, base, "--fill-metadata")
    assert recorder.count("/api/query") == 2, (
        listed.stdout[-800:] + listed.stderr[-800:] + filled.stdout[-500:] + filled.stderr[-1500:]
    )
    first = lacking[0]
    line = yaml_line(papers_file, first.id)
    field = "published" if first.published is None else "primary_category"
    value = "2017-07-18" if field == "published" else "cs.LG"
    assert f"data/papers.yaml:{line}: {first.id}.{field}: {value} (from the arXiv API)" in listed.stdout
    assert listed.returncode == 0 and filled.returncode == 0, listed.stdout + filled.stdout + filled.stderr
    assert "filled" in filled.stdout and "Traceback" not in filled.stderr
    after = papers_file.read_text(encoding="utf-8")
    ops = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}  # lines were only added
    reloaded = load_catalogue(data)
    for paper in lacking:
        again = reloaded.papers_by_id[paper.id]
        assert str(again.published) == str(paper.published or "2017-07-18")
        assert again.primary_category == (paper.primary_category or "cs.LG")
    assert {p.id: p.summary for p in reloaded.papers} == {p.id: p.summary for p in catalogue.papers}
