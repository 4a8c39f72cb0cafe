"""Every kind of bad input gets a located, readable problem; all are reported in one run.

Each test breaks a scratch copy of the fixture catalogue the way an editor might, through
vlmguide.editing.yaml_edit (a field found by paper id and name), and checks the message's position.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.project import FIXTURE_DATA
from vlmguide.catalogue.errors import CatalogueError
from vlmguide.catalogue.loader import load_catalogue
from vlmguide.catalogue.source import MAX_DEPTH, MAX_FILE_BYTES, MAX_SHAPE_PROBLEMS
from vlmguide.catalogue.text import MAX_TEXT_CHARS
from vlmguide.editing.yaml_edit import DataFile

PAPER = "clip"  # a fixture paper with topics, a one-line summary and a later paper building on it
PAPER_INDEX = f"papers[{DataFile(FIXTURE_DATA / 'papers.yaml').paper_loc(PAPER)[1]}]"


def problems(data: Path) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data, display_root=data.parent)
    return [str(p) for p in info.value.problems]


def papers(data: Path) -> DataFile:
    return DataFile(data / "papers.yaml")


def essay_mentioning(data: Path, paper_id: str = PAPER) -> tuple[DataFile, tuple]:
    """The essay file and the location of the first text that links paper_id."""
    essay = DataFile(data / "essay.yaml")
    for loc in essay.doc.spans:
        value = essay.value(loc)
        if isinstance(value, str) and f"(paper:{paper_id})" in value:
            return essay, loc
    raise AssertionError(f"the fixture essay never links {paper_id}")


def summary_refused(data: Path, *, raw: str | None = None, value: str | None = None) -> tuple[str, str]:
    """Write PAPER's summary (as raw YAML, or as a value YAML quotes as needed); return the one problem
    reported and the file:line:col where the summary's value starts."""
    file = papers(data)
    loc = file.paper_loc(PAPER, "summary")
    at = where(file, loc)
    if raw is not None:
        file.set_raw(loc, raw)
    else:
        file.set(loc, value)
    [message] = problems(data)
    return message, at


def where(file: DataFile, loc, *, key: bool = False) -> str:
    """The file:line:col prefix a problem at loc must start with."""
    return f"data/papers.yaml:{file.line(loc, key=key)}:{file.column(loc, key=key)}:"


def test_fixture_catalogue_loads(catalogue):
    assert catalogue.eras and catalogue.papers and catalogue.topics and catalogue.paths
    assert [p.number for p in catalogue.papers] == list(range(1, len(catalogue.papers) + 1))
    assert all(p.title and p.authors for p in catalogue.papers)


@pytest.mark.parametrize(("indent", "why"), [("\t", "tabs"), ("      ", "YAML syntax error")], ids=["tab", "too-deep"])
def test_bad_indentation(data, indent, why):
    file = papers(data)
    loc = file.paper_loc(PAPER, "number")
    line = file.line(loc, key=True)
    file.splice(file.line_start(loc), file.span(loc, key=True)[0], indent)
    [message] = problems(data)
    assert message.startswith((f"data/papers.yaml:{line}:", f"data/papers.yaml:{line - 1}:"))
    assert why in message


def test_unclosed_quote_points_at_its_start(data):
    file = papers(data)
    loc = file.paper_loc(PAPER, "arxiv")
    line, col = file.line(loc), file.column(loc)
    file.set_raw(loc, "'" + file.value(loc))
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:{col}:")
    assert "never closed" in message


def test_duplicate_key_is_an_error_not_a_silent_overwrite(data):
    file = papers(data)
    loc = file.paper_loc(PAPER, "summary")
    first = file.line(loc)
    file.insert_after(loc, "summary", "新的摘要")
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{first + 1}:5: {PAPER_INDEX}.summary: duplicate key 'summary'")
    assert f"first at line {first}" in message


def test_unknown_field_suggests_the_right_one(data):
    file = papers(data)
    loc = file.paper_loc(PAPER, "summary")
    at = where(file, loc, key=True)
    file.rename_key(loc, "sumary")
    found = problems(data)
    assert f"{at} {PAPER_INDEX}.sumary: unknown field 'sumary' (did you mean 'summary'?)" in found
    assert any(f"{PAPER_INDEX}.summary: missing required field" in p for p in found)


def test_missing_required_field(data):
    file = papers(data)
    entry = where(file, file.paper_loc(PAPER))
    file.remove(file.paper_loc(PAPER, "mechanism"))
    [message] = problems(data)
    assert message == f"{entry} {PAPER_INDEX}.mechanism: missing required field (add 'mechanism:' to this entry)"


@pytest.mark.parametrize("empty", ["''", '""', "'   '"])
def test_empty_text_field(data, empty):
    message, at = summary_refused(data, raw=empty)
    assert message.startswith(f"{at} {PAPER_INDEX}.summary:")
    assert "must not be empty" in message


def test_wrong_types(data):
    file = papers(data)
    loc = file.paper_loc(PAPER, "year")
    at = where(file, loc)
    year = file.value(loc)
    file.set(loc, str(year))
    found = problems(data)
    assert any(p.startswith(f"{at} {PAPER_INDEX}.year: expected a whole number, got str '{year}'") for p in found), (
        found
    )


def test_list_field_given_as_text(data):
    file = papers(data)
    loc = file.paper_loc(PAPER, "key_techniques")
    file.set(loc, "一項技術")
    [message] = problems(data)
    assert f"{PAPER_INDEX}.key_techniques: expected a list" in message


def test_duplicate_paper_id_and_arxiv_id(data, catalogue):
    file = papers(data)
    first = file.line(file.paper_loc(PAPER, "id"))
    original = catalogue.papers_by_id[PAPER]
    other = catalogue.papers[catalogue.papers.index(original) + 1]  # the duplicate comes later in the file
    other_loc = file.paper_loc(other.id)
    file.set((*other_loc, "id"), PAPER)
    at = where(file, (*other_loc, "id"))
    file.set((*other_loc, "arxiv"), original.arxiv + "v2")
    found = problems(data)
    index = f"papers[{other_loc[1]}]"
    assert (
        f"{at} {index}.id: duplicate paper id '{PAPER}' (already used at line {first}) (each paper id must be unique)"
    ) in found
    assert any(f"{index}.arxiv: duplicate arXiv ID '{original.arxiv}'" in p for p in found)


def test_duplicate_number(data, catalogue):
    file = papers(data)
    other = catalogue.papers[1]
    file.set(file.paper_loc(other.id, "number"), catalogue.papers[0].number)
    index = f"papers[{file.paper_loc(other.id)[1]}]"
    assert any(f"{index}.number: duplicate number '{catalogue.papers[0].number}'" in p for p in problems(data))


@pytest.mark.parametrize("bad", ["2103.0002", "1412.23060", "2113.00020", "2103.00020v0", "arXiv:2103.00020"])
def test_malformed_arxiv_id(data, bad):
    file = papers(data)
    loc = file.paper_loc(PAPER, "arxiv")
    at = where(file, loc)
    file.set(loc, bad)
    found = problems(data)
    assert any(p.startswith(f"{at} {PAPER_INDEX}.arxiv:") for p in found), found


def test_year_contradicting_arxiv_id(data, catalogue):
    paper = catalogue.papers_by_id[PAPER]
    file = papers(data)
    loc = file.paper_loc(PAPER, "year")
    at = where(file, loc)
    file.set(loc, paper.year - 1)
    yymm = paper.arxiv.split(".")[0]
    assert (
        f"{at} {PAPER_INDEX}.year: year {paper.year - 1} contradicts arXiv ID {paper.arxiv} "
        f"(submitted 20{yymm[:2]}-{yymm[2:]}) (set year: {paper.year}, or correct the arXiv ID)"
    ) in problems(data)


def test_unknown_era(data, catalogue):
    file = papers(data)
    loc = file.paper_loc(PAPER, "era")
    era = file.value(loc)
    at = where(file, loc)
    file.set(loc, era[:-1])
    assert f"{at} {PAPER_INDEX}.era: unknown era '{era[:-1]}' (did you mean '{era}'?)" in problems(data)


def test_essay_mentions_unknown_paper(data):
    essay, loc = essay_mentioning(data)
    essay.set(loc, essay.value(loc).replace(f"(paper:{PAPER})", f"(paper:{PAPER}2)", 1))
    found = problems(data)
    assert any(
        p.startswith(f"data/essay.yaml:{essay.line(loc)}:")
        and f"mentions unknown paper '{PAPER}2' (did you mean '{PAPER}'?)" in p
        for p in found
    ), found


def test_not_utf8(data):
    file = papers(data)
    loc = file.paper_loc(PAPER, "summary")
    line = file.line(loc)
    path = data / "papers.yaml"
    raw = path.read_bytes()
    index = len(file.text[: file.span(loc)[0]].encode())
    path.write_bytes(raw[:index] + "用大量".encode("big5") + raw[index:])
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:")
    assert "not UTF-8" in message


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(data, content):
    (data / "essay.yaml").write_text(content, encoding="utf-8")
    [message] = problems(data)
    assert message == "data/essay.yaml:1:1: the file is empty (restore its content from git)"


def test_missing_file(data):
    (data / "essay.yaml").unlink()
    [message] = problems(data)
    assert "data/essay.yaml:1:1: cannot read the file" in message


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        ("<script>alert(1)</script>", "HTML is not allowed"),
        ('<img src=x onerror="alert(1)">', "HTML is not allowed"),
        ("[點我](javascript:alert(1))", "script URLs"),
        ("看 [這裡](https://example.org)", "links are not allowed"),
        ("<https://example.org>", "links are not allowed"),
        ("![x](https://example.org/x.png)", "links are not allowed"),
        ("</p><p>", "HTML is not allowed"),
    ],
)
def test_html_and_links_in_text_are_refused(data, payload, why):
    message, at = summary_refused(data, value=payload)
    assert message.startswith(f"{at} {PAPER_INDEX}.summary:")
    assert why in message


def test_essay_allows_paper_links_only(data):
    essay, loc = essay_mentioning(data)
    essay.set(loc, essay.value(loc).replace(f"(paper:{PAPER})", "(https://openai.com)", 1))
    [message] = problems(data)
    assert "only [name](paper:ID) links to papers" in message


def test_text_with_comparison_signs_is_fine(data):
    file = papers(data)
    file.set(file.paper_loc(PAPER, "summary"), "R@K < 5 且 a > b & c")
    assert load_catalogue(data).papers_by_id[PAPER].summary == "R@K < 5 且 a > b & c"


def test_every_problem_is_reported_in_one_run(data, catalogue):
    file = papers(data)
    last = catalogue.papers[-1]
    file.rename_key(file.paper_loc(PAPER, "summary"), "sumary")
    file.set(file.paper_loc(catalogue.papers[0].id, "arxiv"), catalogue.papers[0].arxiv[:-1])
    file.set(file.paper_loc(last.id, "era"), last.era + "z")
    essay, loc = essay_mentioning(data)
    essay.set(loc, essay.value(loc).replace(f"(paper:{PAPER})", f"(paper:{PAPER}-2)", 1))
    found = problems(data)
    assert len(found) == 5, found  # unknown field, the missing summary it causes, bad ID, unknown era, mention
    assert [p.split(":")[0] for p in found] == ["data/essay.yaml"] + ["data/papers.yaml"] * 4


def test_era_years_must_be_ordered(data, catalogue):
    file = papers(data)
    era = catalogue.eras[0]
    file.set(("eras", 0, "start"), era.end + 1)
    assert any(f"eras[0].end: end {era.end} is before start {era.end + 1}" in p for p in problems(data))


def test_paper_outside_its_era_years(data, catalogue):
    paper = catalogue.papers_by_id[PAPER]
    other = next(e for e in catalogue.eras if not e.start <= paper.year <= e.end)
    file = papers(data)
    file.set(file.paper_loc(PAPER, "era"), other.id)
    assert any(
        f"{PAPER_INDEX}.year: year {paper.year} is outside era '{other.id}' ({other.start}–{other.end})" in p
        for p in problems(data)
    )


def test_unknown_topic(data, catalogue):
    file = papers(data)
    topic = catalogue.papers_by_id[PAPER].topics[0]
    loc = file.paper_loc(PAPER, "topics")
    at = where(file, (*loc, 0))
    file.set((*loc, 0), topic[:-1])
    assert f"{at} {PAPER_INDEX}.topics[0]: unknown topic '{topic[:-1]}' (did you mean '{topic}'?)" in problems(data)


def test_one_to_four_topics(data, catalogue):
    file = papers(data)
    file.set(file.paper_loc(PAPER, "topics"), [t.id for t in catalogue.topics[:5]])
    other = next(p for p in catalogue.papers if p.id != PAPER)
    file.remove(file.paper_loc(other.id, "topics"))
    found = problems(data)
    assert any(f"{PAPER_INDEX}.topics:" in p and "at most 4" in p for p in found), found
    assert any(f"papers[{file.paper_loc(other.id)[1]}]: needs 1 to 4 topics" in p for p in found), found


def test_lineage_errors(data, catalogue):
    # A later paper builds on PAPER; make PAPER build on it (a cycle), on itself, on a later paper, on nothing known.
    [later, *_] = catalogue.built_upon_by[PAPER]
    newer = next(p for p in catalogue.papers if p.year > catalogue.papers_by_id[PAPER].year)
    file = papers(data)
    assert "builds_on" not in file.value(file.paper_loc(PAPER)), "pick a fixture paper that builds on nothing"
    file.insert_after(file.paper_loc(PAPER, "topics"), "builds_on", [later.id, PAPER, newer.id, PAPER + "p"])
    found = " | ".join(problems(data))
    assert f"{PAPER_INDEX}.builds_on[1]: a paper cannot build on itself" in found
    assert f"{PAPER_INDEX}.builds_on[2]: builds on '{newer.id}', which is from a later year ({newer.year})" in found
    assert f"{PAPER_INDEX}.builds_on[3]: unknown paper '{PAPER}p' (did you mean '{PAPER}'?)" in found
    assert f"{PAPER} -> {later.id} -> {PAPER}" in found or f"{later.id} -> {PAPER} -> {later.id}" in found


def test_reading_path_names_unknown_paper(data):
    file = papers(data)
    loc = ("paths", 0, "steps", 1, "paper")
    at = f"data/papers.yaml:{file.line(loc)}:"
    file.set(loc, file.value(loc) + "r")
    assert any(p.startswith(at) and f"unknown paper '{file.value(loc)}'" in p for p in problems(data))


# Hostile edits: each is refused where it stands, before it can cost time.


def _alias_bomb(levels: int) -> str:
    """levels of lists of eight aliases to the level below: 8**levels strings once expanded."""
    lines = ['    b0: &a0 ["ha", "ha"]']
    lines += [f"    b{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 8)}]" for i in range(1, levels + 1)]
    return "\n" + "\n".join(lines)


def test_an_alias_bomb_is_refused_before_it_expands(data):
    file = papers(data)
    file.insert_after(file.paper_loc(PAPER, "mechanism"), "notes", "x")
    loc = file.paper_loc(PAPER, "notes")
    line = file.line(loc) + 1  # b0: its anchor
    file.set_raw(loc, _alias_bomb(9))
    # In a process of its own, so a regression fails on the timeout instead of hanging the suite.
    proc = subprocess.run(
        [sys.executable, "-m", "vlmguide", "validate"], cwd=data.parent, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    found = proc.stderr.splitlines()[1:]
    assert found[0].strip() == f"data/papers.yaml:{line}:9: anchors and aliases are not supported (write the value out)"
    assert any("more anchors and aliases from here on" in p for p in found)
    assert len(found) <= MAX_SHAPE_PROBLEMS + 1


def test_one_anchor_or_alias_is_refused_too(data):
    message, at = summary_refused(data, raw="&s 一段摘要")
    assert message == f"{at} anchors and aliases are not supported (write the value out)"


def test_deep_nesting_is_refused(data):
    file = papers(data)
    loc = file.paper_loc(PAPER, "summary")
    line, col = file.line(loc), file.column(loc)
    file.set_raw(loc, "[" * 5000 + "]" * 5000)
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:") and f"nested more than {MAX_DEPTH} levels" in message
    assert col < int(message.split(":")[2]) < col + MAX_DEPTH  # at a bracket, before the rest is read


def test_a_text_longer_than_the_limit_is_refused_where_it_stands(data):
    message, at = summary_refused(data, value="字" * (MAX_TEXT_CHARS + 1))
    assert message.startswith(f"{at} {PAPER_INDEX}.summary: is {MAX_TEXT_CHARS + 1:,} characters long")


def test_a_file_larger_than_the_limit_is_refused_unread(data):
    path = data / "essay.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    [message] = problems(data)
    assert message.startswith("data/essay.yaml:1:1: the file has ") and f"more than the {MAX_FILE_BYTES:,}" in message


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u200b", "\ufeff", "\u0007"])
def test_invisible_characters_are_refused_at_their_column(data, char):
    file = papers(data)
    loc = file.paper_loc(PAPER, "summary")
    file.set(loc, "看得見的字" + char + "之後")
    if char in file.text:
        offset = file.text.index(char)
        line, col = file.text.count("\n", 0, offset) + 1, offset - file.text.rfind("\n", 0, offset)
    else:  # YAML can only write it as an escape in quotes: the value's own position
        line, col = file.line(loc), file.column(loc)
    [message] = problems(data)
    assert message.startswith(
        f"data/papers.yaml:{line}:{col}: {PAPER_INDEX}.summary: invisible character U+{ord(char):04X} ("
    )
    assert "delete it" in message


def test_invisible_characters_are_refused_in_every_text_field(data):
    essay, loc = essay_mentioning(data)
    essay.set(loc, essay.value(loc) + "\u202e")
    file = papers(data)
    file.set(("paths", 0, "steps", 0, "why"), "理由\u2067")
    file.set((*file.paper_loc(PAPER, "authors"), 0), "Alec\u200e Radford")
    found = " | ".join(problems(data))
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in found and "U+2067 (RIGHT-TO-LEFT ISOLATE)" in found
    assert "U+200E (LEFT-TO-RIGHT MARK)" in found


def test_emoji_joiners_and_tabs_are_fine(data):
    file = papers(data)
    file.set(file.paper_loc(PAPER, "summary"), "家庭 👨\u200d👩\u200d👧\t與文字")
    assert load_catalogue(data).papers_by_id[PAPER].summary.startswith("家庭 👨\u200d👩")


def test_a_remark_cites_an_arxiv_abstract_page_and_a_known_section(data):
    file = papers(data)
    file.insert_after(
        file.paper_loc(PAPER, "mechanism"),
        "remarks",
        [{"text": "一則編者註。", "source": "https://example.org/paper"}, {"text": "另一則。", "field": "abstract"}],
    )
    found = " | ".join(problems(data))
    assert f"{PAPER_INDEX}.remarks[0].source:" in found and f"{PAPER_INDEX}.remarks[1].field:" in found


def test_era_highlights_name_papers_of_that_era(data, catalogue):
    file = papers(data)
    era = catalogue.eras_by_id[catalogue.papers_by_id[PAPER].era]
    index = catalogue.eras.index(era)
    elsewhere = next(p for p in catalogue.papers if p.era != era.id)
    file.insert_after(("eras", index, "end"), "highlights", [PAPER, elsewhere.id, PAPER + "x"])
    found = " | ".join(problems(data))
    assert f"eras[{index}].highlights[1]: '{elsewhere.id}' belongs to era '{elsewhere.era}'" in found
    assert f"eras[{index}].highlights[2]: unknown paper '{PAPER}x' (did you mean '{PAPER}'?)" in found


@pytest.mark.parametrize(
    ("field", "url", "why"),
    [
        ("code", "http://github.com/openai/CLIP", "is not an https address"),
        ("code", "https://github.com/openai", "is not a repository"),
        ("code", "https://example.com/openai/CLIP", "is not a repository"),
        ("code", "https://github.com/openai/CLIP?tab=readme", "has a ?query or #fragment"),
        ("code", "https://user@github.com/openai/CLIP", "names a user or a port"),
        ("code", "https://GitHub.com/openai/CLIP", "does not name a public host in lower case"),
        ("weights", "https://huggingface.co/spaces/openai/clip", "is not a place for weights"),
        ("weights", "https://example.com/clip.pt", "is not a place for weights"),
        ("project", "javascript:alert(1)", "is not an https address"),
        ("project", "https://127.0.0.1/clip", "does not name a public host"),
    ],
)
def test_official_links_are_https_on_hosts_the_link_checker_knows(data, field, url, why):
    file = papers(data)
    if field in file.value(file.paper_loc(PAPER)):  # the fixture's CLIP has code and weights
        file.set((*file.paper_loc(PAPER, field), "url"), url)
    else:
        file.insert_after(file.paper_loc(PAPER, "added"), field, "x")
        file.set_raw(file.paper_loc(PAPER, field), f"{{url: {json.dumps(url)}, source: abstract}}")
    line = file.line((*file.paper_loc(PAPER, field), "url"))
    (found,) = problems(data)
    assert found.startswith(f"data/papers.yaml:{line}:") and f"{PAPER_INDEX}.{field}.url: " in found and why in found


def test_an_official_link_says_what_shows_it_is_official(data):
    file = papers(data)
    file.set((*file.paper_loc(PAPER, "code"), "source"), "a blog post")
    line = file.line((*file.paper_loc(PAPER, "code"), "source"))
    (found,) = problems(data)
    assert found.startswith(f"data/papers.yaml:{line}:") and "'abstract', 'paper', 'project-page' or 'readme'" in found
    file.remove((*file.paper_loc(PAPER, "code"), "source"))
    assert any(f"{PAPER_INDEX}.code.source:" in p and "missing" in p.lower() for p in problems(data))


def test_a_catalogue_without_links_validates_unchanged(data, catalogue):
    """Links are optional: an older catalogue, without any, loads as it did."""
    file = papers(data)
    for paper in catalogue.papers:
        for field in ("code", "weights", "project", "reimplementations"):
            if getattr(paper, field):
                file.remove(file.paper_loc(paper.id, field))
    loaded = load_catalogue(data)
    assert not any(p.code or p.weights or p.project or p.reimplementations for p in loaded.papers)
    assert [p.id for p in loaded.papers] == [p.id for p in catalogue.papers]
