"""Whole generated pages of the fixture catalogue, compared with reviewed copies in tests/fixtures/golden/.

A change to a template or a builder shows up here as a diff of the page a reader gets, to be read
in review. When the change is meant, write the new copies and commit them with it:

    bash scripts/test.sh tests/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib

import pytest

from tests.conftest import FIXTURES
from vlmguide.pages.builders import render_pages

GOLDEN = FIXTURES / "golden"
# One page of the kinds whose templates do the most: the home page, an era table, a paper.
PAGES = {
    "index.html": "index.md",
    "era-representation.html": "eras/representation.md",
    "paper-clip.html": "papers/clip.md",
}


@pytest.fixture(scope="module")
def rendered(catalogue):
    return {page.path: page for page in render_pages(catalogue)}


@pytest.mark.parametrize("name", PAGES)
def test_generated_page_is_the_reviewed_copy(name, rendered, request):
    page = rendered[PAGES[name]]
    text = page.markdown + page.html  # front matter (title, description) and the page's HTML
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), f"golden/{name}", f"rendered {PAGES[name]}", lineterm="", n=2
        )
        pytest.fail(
            "\n".join(list(diff)[:80]) + "\n(if the change is meant: bash scripts/test.sh tests/test_golden.py "
            "--update-golden, and review the diff)"
        )
