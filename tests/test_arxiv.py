import re

import pytest

from vlmguide.arxiv import ids as arxiv


@pytest.mark.parametrize(
    ("text", "year", "month", "version"),
    [
        ("1412.2306", 2014, 12, None),
        ("0704.0001", 2007, 4, None),
        ("2103.00020", 2021, 3, None),
        ("2103.00020v3", 2021, 3, 3),
        ("hep-th/9901001", 1999, 1, None),
        ("math.GT/0309136v2", 2003, 9, 2),
    ],
)
def test_valid_ids_parse(text, year, month, version):
    parsed = arxiv.parse(text)
    assert (parsed.year, parsed.month, parsed.version) == (year, month, version)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1412.02306", "4 digits"),  # 5 digits before 2015
        ("1501.0001", "5 digits"),  # 4 digits from 2015
        ("2113.00020", "month 13"),
        ("2100.00020", "month 00"),
        ("0703.0001", "start in 2007-04"),
        ("2103.00020v0", "not an arXiv ID"),
        ("arXiv:2103.00020", "not an arXiv ID"),
        ("2103.00020.pdf", "not an arXiv ID"),
        ("hep-th/0801001", "old-style IDs end"),
        ("", "not an arXiv ID"),
    ],
)
def test_malformed_ids_say_why(text, reason):
    with pytest.raises(arxiv.ArxivIdError, match=reason):
        arxiv.parse(text)


def test_urls_and_base():
    parsed = arxiv.parse("2103.00020v2")
    assert parsed.abs_url == "https://arxiv.org/abs/2103.00020v2"
    assert parsed.pdf_url == "https://arxiv.org/pdf/2103.00020v2"
    assert parsed.doi == "10.48550/arXiv.2103.00020"  # one DOI per paper, whatever the version
    assert arxiv.parse("cs/0112017").doi == "10.48550/arXiv.cs/0112017"
    assert parsed.base == "2103.00020"


def test_note_pdf_url_round_trips():
    url = arxiv.note_pdf_url("1707.05612")
    assert url == "https://arxiv.org/pdf/1707.05612.pdf"
    assert arxiv.id_from_pdf_url(url) == "1707.05612"
    assert arxiv.id_from_pdf_url("https://example.org/pdf/1707.05612.pdf") is None


@pytest.mark.parametrize(
    "text",
    [
        "1412.2306",
        "0704.0001",
        "2103.00020",
        "2103.00020v3",
        "hep-th/9901001",
        "math.GT/0309136v2",
        "1412.02306",
        "1501.0001",
        "2113.00020",
        "0703.0001",
        "2103.00020v0",
        "hep-th/0801001",
        "1707.5612",
    ],
)
def test_schema_pattern_agrees_with_the_parser(text):
    try:
        arxiv.parse(text)
        valid = True
    except arxiv.ArxivIdError:
        valid = False
    assert bool(re.match(arxiv.ID_PATTERN, text)) == valid
