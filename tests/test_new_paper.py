"""`vlmguide new`: an entry from the arXiv stand-in, appended without disturbing the file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from devtools.fake_servers import _send, fake_server, misbehaving_routes
from vlmguide.arxiv.api import Entry
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.editing.new_paper import proposed_code

NEW = {
    "2304.07193": {
        "id": "2304.07193",
        "title": "DINOv2: Learning Robust Visual Features without Supervision",
        "authors": ["Maxime Oquab", "Timothée Darcet"],
        "published": "2023-04-14",
        "category": "cs.CV",
    }
}


def new(data, base, *args):
    return subprocess.run(
        [sys.executable, "-m", "vlmguide", "new", *args, "--data", str(data), "--arxiv-api-url", base + "/api/query"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )


def test_new_appends_a_ready_to_edit_entry_and_keeps_the_rest(data, catalogue):
    before = (data / "papers.yaml").read_text(encoding="utf-8")
    with fake_server(misbehaving_routes(NEW)) as (base, recorder):
        proc = new(data, base, "2304.07193", "--topic", "contrastive")
    assert proc.returncode == 0, proc.stderr
    assert recorder.count("/api/query") == 1
    after = (data / "papers.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # comments, order and formatting kept
    after_catalogue = load_catalogue(data)
    paper = after_catalogue.papers[-1]
    era = next(e for e in catalogue.eras if e.start <= 2023 <= e.end)
    assert (paper.id, paper.name, paper.number, paper.year, paper.era) == (
        "dinov2",
        "DINOv2",
        len(catalogue.papers) + 1,
        2023,
        era.id,
    )
    assert paper.title.startswith("DINOv2: Learning Robust") and paper.authors == ["Maxime Oquab", "Timothée Darcet"]
    assert str(paper.published) == "2023-04-14" and paper.primary_category == "cs.CV"
    assert paper.summary == "待補" and paper.topics == ["contrastive"]
    assert paper.added == dt.date.today()  # it joins the catalogue today: first in the papers feed


def test_topics_are_required_once_the_catalogue_has_them(data):
    proc = new(data, "http://127.0.0.1:9", "2304.07193", "--topic", "contrastiv")
    assert proc.returncode == 2 and "unknown topic contrastiv" in proc.stderr and "contrastive" in proc.stderr


def test_print_shows_the_entry_and_changes_nothing(data, catalogue):
    before = (data / "papers.yaml").read_bytes()
    with fake_server(misbehaving_routes(NEW)) as (base, _):
        proc = new(data, base, "2304.07193", "--print", "--name", "DINO v2", "--topic", "contrastive")
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"  - id: dino-v2\n    number: {len(catalogue.papers) + 1}\n    name: DINO v2\n")
    assert (data / "papers.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("routes", "arxiv_id", "message"),
    [
        ({}, "2304.07193", "arXiv does not know 2304.07193"),
        ({"/api/query": lambda h, rec: _send(h, 503, "down")}, "2304.07193", "could not ask arXiv"),
        ({}, "2103.00020", "already in the catalogue"),
    ],
)
def test_failures_change_nothing(data, routes, arxiv_id, message):
    before = (data / "papers.yaml").read_bytes()
    papers = {**NEW, "2103.00020": {"id": "2103.00020", "title": "CLIP"}} if arxiv_id == "2103.00020" else {}
    with fake_server({**misbehaving_routes(papers), **routes}) as (base, _):
        proc = new(
            data, base, arxiv_id, "--topic", "contrastive", "--retries", "0"
        )  # retries: tests/test_links_http.py
    assert proc.returncode == 1, proc.stdout
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert (data / "papers.yaml").read_bytes() == before


def test_a_dead_server_is_a_clear_message(data):
    proc = new(data, "http://127.0.0.1:9", "2304.07193", "--topic", "contrastive", "--retries", "0")
    assert proc.returncode == 1 and "could not ask arXiv" in proc.stderr and "Traceback" not in proc.stderr


def test_a_malformed_id_is_a_usage_error(data):
    proc = new(data, "http://127.0.0.1:9", "2304.0719")
    assert proc.returncode == 2 and "5 digits" in proc.stderr


@pytest.mark.parametrize(
    ("comment", "summary", "proposed"),
    [
        (
            "",
            "We study X. Code and models are available at https://github.com/lab/model.",
            "https://github.com/lab/model",
        ),
        ("CVPR 2023; code: github.com/Lab/Model.git", "An abstract.", "https://github.com/Lab/Model"),
        ("", "Our code is released at https://gitlab.com/group/project/.", "https://gitlab.com/group/project"),
        ("", "Code: https://gitlab.com/lab/vision/model.", "https://gitlab.com/lab/vision/model"),  # a subgroup
        # Nothing is guessed: no sentence says it is the code, or two repositories could be.
        ("", "We build on https://github.com/other/base and improve it.", None),
        ("", "Code: https://github.com/lab/one. Models: https://github.com/lab/two (code too).", None),
        ("", "Code is available at https://github.com/lab (our lab page).", None),
        ("Project page: https://lab.github.io/model", "Our code will be available soon.", None),
    ],
)
def test_a_code_link_is_proposed_only_where_arxiv_names_one(comment, summary, proposed):
    assert proposed_code(Entry("2304.07193", comment=comment, summary=summary)) == proposed


def test_new_writes_the_proposed_code_link_with_its_source_and_says_so(data):
    with fake_server(misbehaving_routes(NEW)) as (base, _):  # an abstract that names no code: no code field
        proc = new(data, base, "2304.07193", "--topic", "contrastive", "--print")
    assert proc.returncode == 0 and "code:" not in proc.stdout
    said = {
        **NEW["2304.07193"],
        "summary": "We present DINOv2. Code and models are available at https://github.com/facebookresearch/dinov2.",
    }
    with fake_server(misbehaving_routes({"2304.07193": said})) as (base, _):
        proc = new(data, base, "2304.07193", "--topic", "contrastive")
    assert proc.returncode == 0, proc.stderr
    paper = load_catalogue(data).papers[-1]
    assert paper.code is not None and (paper.code.url, paper.code.source) == (
        "https://github.com/facebookresearch/dinov2",
        "abstract",
    )
    assert "code: https://github.com/facebookresearch/dinov2 (the arXiv abstract or comment names it" in proc.stdout
