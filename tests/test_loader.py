"""Every kind of bad input gets a located, readable problem; all are reported in one run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vlmguide.errors import CatalogueError
from vlmguide.loader import load_catalogue

from .conftest import ROOT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace old (which must occur once) with new; return the 1-based line where new starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def problems(data: Path) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data, display_root=data.parent)
    return [str(p) for p in info.value.problems]


def test_real_catalogue_loads():
    catalogue = load_catalogue(ROOT / "data", display_root=ROOT)
    assert len(catalogue.eras) == 5
    assert len(catalogue.papers) == 66
    assert [p.number for p in catalogue.papers] == list(range(1, 67))
    assert all(p.title and p.authors for p in catalogue.papers)
    assert catalogue.papers_by_id["clip"].arxiv == "2103.00020"
    # The note's slips stay as written.
    assert "mageText Matching" in catalogue.papers_by_id["uniter"].key_techniques
    assert "seq2se2" in catalogue.papers_by_id["unified-vlp"].summary


def test_tab_indentation(data):
    line = edit(data / "papers.yaml", "    number: 18\n", "\tnumber: 18\n")
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:")
    assert "tabs" in message


def test_bad_indentation(data):
    line = edit(data / "papers.yaml", "    number: 18\n", "      number: 18\n")
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:") or message.startswith(f"data/papers.yaml:{line - 1}:")
    assert "YAML syntax error" in message


def test_unclosed_quote_points_at_its_start(data):
    line = edit(data / "papers.yaml", "    arxiv: '2103.00020'\n", "    arxiv: '2103.00020\n")
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:")
    assert "never closed" in message


def test_duplicate_key_is_an_error_not_a_silent_overwrite(data):
    first = edit(data / "papers.yaml", "    summary: 用大量的數據", "    summary: 新的摘要\n    summary: 用大量的數據")
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{first + 1}:5: papers[17].summary: duplicate key 'summary'")
    assert f"first at line {first}" in message


def test_unknown_field_suggests_the_right_one(data):
    line = edit(data / "papers.yaml", "    summary: 用大量的數據", "    sumary: 用大量的數據")
    found = problems(data)
    assert f"data/papers.yaml:{line}:5: papers[17].sumary: unknown field 'sumary' (did you mean 'summary'?)" in found
    assert any("papers[17].summary: missing required field" in p for p in found)


def test_missing_required_field(data):
    edit(data / "papers.yaml", "    mechanism: 使用**4 億張", "    # mechanism removed: 使用**4 億張")
    entry = (data / "papers.yaml").read_text(encoding="utf-8").splitlines().index("  - id: clip") + 1
    [message] = problems(data)
    assert message == (f"data/papers.yaml:{entry}:5: papers[17].mechanism: missing required field "
                       "(add 'mechanism:' to this entry)")


@pytest.mark.parametrize("empty", ["''", '""', "'   '"])
def test_empty_text_field(data, empty):
    line = edit(data / "papers.yaml", "    summary: 用大量的數據簡單粗暴的將圖像和文字通通映射到同一個空間", f"    summary: {empty}")
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:14: papers[17].summary:")
    assert "must not be empty" in message


def test_wrong_types(data):
    year_line = edit(data / "papers.yaml", "    year: 2021\n    era: representation\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'",
                     "    year: '2021'\n    era: representation\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'")
    found = problems(data)
    assert any(p.startswith(f"data/papers.yaml:{year_line}:11: papers[17].year: expected a whole number, got str '2021'")
               for p in found), found


def test_list_field_given_as_text(data):
    text = (data / "papers.yaml").read_text(encoding="utf-8")
    start = text.index("    key_techniques:\n      - 創建Large Dataset")
    end = text.index("    mechanism: 使用**4 億張")
    (data / "papers.yaml").write_text(text[:start] + "    key_techniques: 創建Large Dataset\n" + text[end:], encoding="utf-8")
    [message] = problems(data)
    assert "papers[17].key_techniques: expected a list" in message


def test_duplicate_paper_id_and_arxiv_id(data):
    first = edit(data / "papers.yaml", "  - id: clip\n", "  - id: clip\n")
    dup = edit(data / "papers.yaml", "  - id: vild\n    number: 19\n    name: ViLD\n    year: 2021\n    era: representation\n    topics:\n      - open-vocabulary\n      - contrastive\n    builds_on:\n      - clip\n    arxiv: '2104.13921'",
               "  - id: clip\n    number: 19\n    name: ViLD\n    year: 2021\n    era: representation\n    topics:\n      - open-vocabulary\n      - contrastive\n    builds_on:\n      - clip\n    arxiv: '2103.00020v2'")
    found = problems(data)
    assert f"data/papers.yaml:{dup}:9: papers[18].id: duplicate paper id 'clip' (already used at line {first}) (each paper id must be unique)" in found
    assert any("papers[18].arxiv: duplicate arXiv ID '2103.00020'" in p for p in found)


def test_duplicate_number(data):
    edit(data / "papers.yaml", "    number: 19\n", "    number: 18\n")
    assert any("papers[18].number: duplicate number '18'" in p for p in problems(data))


@pytest.mark.parametrize("bad", ["2103.0002", "1412.23060", "2113.00020", "2103.00020v0", "arXiv:2103.00020"])
def test_malformed_arxiv_id(data, bad):
    line = edit(data / "papers.yaml", "    arxiv: '2103.00020'", f"    arxiv: '{bad}'")
    found = problems(data)
    assert any(p.startswith(f"data/papers.yaml:{line}:12: papers[17].arxiv:") for p in found), found


def test_year_contradicting_arxiv_id(data):
    line = edit(data / "papers.yaml", "    year: 2021\n    era: representation\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'",
                "    year: 2020\n    era: representation\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'")
    found = problems(data)
    assert f"data/papers.yaml:{line}:11: papers[17].year: year 2020 contradicts arXiv ID 2103.00020 (submitted 2021-03) (set year: 2021, or correct the arXiv ID)" in found


def test_unknown_era(data):
    line = edit(data / "papers.yaml", "    era: representation\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'", "    era: representaton\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'")
    found = problems(data)
    assert f"data/papers.yaml:{line}:10: papers[17].era: unknown era 'representaton' (did you mean 'representation'?)" in found


def test_essay_mentions_unknown_paper(data):
    line = edit(data / "essay.yaml", "**[CLIP](paper:clip)**", "**[CLIP](paper:clip2)**")
    found = problems(data)
    assert any(p.startswith(f"data/essay.yaml:{line}:") and "mentions unknown paper 'clip2' (did you mean 'clip'?)" in p
               for p in found), found


def test_not_utf8(data):
    path = data / "papers.yaml"
    raw = path.read_bytes()
    index = raw.index("用大量的數據".encode())
    path.write_bytes(raw[:index] + "用大量".encode("big5") + raw[index:])
    [message] = problems(data)
    line = raw[:index].count(b"\n") + 1
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
    line = edit(data / "papers.yaml", "    summary: 用大量的數據簡單粗暴的將圖像和文字通通映射到同一個空間",
                "    summary: " + repr(payload).replace("\\'", "''"))
    [message] = problems(data)
    assert message.startswith(f"data/papers.yaml:{line}:14: papers[17].summary:")
    assert why in message


def test_essay_allows_paper_links_only(data):
    edit(data / "essay.yaml", "**[CLIP](paper:clip)**", "**[CLIP](https://openai.com)**")
    [message] = problems(data)
    assert "only [name](paper:ID) links to papers" in message


def test_text_with_comparison_signs_is_fine(data):
    edit(data / "papers.yaml", "    summary: 用大量的數據簡單粗暴的將圖像和文字通通映射到同一個空間",
         "    summary: 'R@K < 5 且 a > b & c'")
    catalogue = load_catalogue(data)
    assert catalogue.papers_by_id["clip"].summary == "R@K < 5 且 a > b & c"


def test_every_problem_is_reported_in_one_run(data):
    edit(data / "papers.yaml", "    summary: 用大量的數據", "    sumary: 用大量的數據")
    edit(data / "papers.yaml", "    arxiv: '2104.13921'", "    arxiv: '2104.1392'")
    edit(data / "papers.yaml", "    era: llm\n    topics:\n      - agents\n      - documents\n", "    era: agentz\n    topics:\n      - agents\n      - documents\n")
    edit(data / "essay.yaml", "(paper:ofa)", "(paper:ofa-2)")
    found = problems(data)
    assert len(found) == 5, found  # unknown field, the missing summary it causes, bad ID, unknown era, mention
    assert [p.split(":")[0] for p in found] == ["data/essay.yaml"] + ["data/papers.yaml"] * 4


def test_era_years_must_be_ordered(data):
    edit(data / "papers.yaml", "    start: 2014\n    end: 2018", "    start: 2018\n    end: 2014")
    found = problems(data)
    assert any("eras[0].end: end 2014 is before start 2018" in p for p in found)


def test_paper_outside_its_era_years(data):
    edit(data / "papers.yaml", "    year: 2021\n    era: representation\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'",
         "    year: 2021\n    era: llm\n    topics:\n      - contrastive\n      - retrieval\n    arxiv: '2103.00020'")
    assert any("papers[17].year: year 2021 is outside era 'llm' (2023–2023)" in p for p in problems(data))


CLIP_TOPICS = "    topics:\n      - contrastive\n      - retrieval\n"


def test_unknown_topic(data):
    line = edit(data / "papers.yaml", CLIP_TOPICS + "    arxiv: '2103.00020'",
                "    topics:\n      - contrastiv\n      - retrieval\n    arxiv: '2103.00020'")
    found = problems(data)
    assert f"data/papers.yaml:{line + 1}:9: papers[17].topics[0]: unknown topic 'contrastiv' (did you mean 'contrastive'?)" in found


def test_one_to_four_topics(data):
    edit(data / "papers.yaml", CLIP_TOPICS + "    arxiv: '2103.00020'",
         "    topics: [contrastive, retrieval, fusion, prompt, segmentation]\n    arxiv: '2103.00020'")
    edit(data / "papers.yaml", "    topics:\n      - open-vocabulary\n      - contrastive\n    builds_on:\n      - clip\n    arxiv: '2104.13921'",
         "    builds_on:\n      - clip\n    arxiv: '2104.13921'")
    found = problems(data)
    assert any("papers[17].topics:" in p and "at most 4" in p for p in found), found
    assert any("papers[18]: needs 1 to 4 topics" in p for p in found), found


def test_lineage_errors(data):
    # ViLD (2021) builds on CLIP; make CLIP build on ViLD (a cycle), on itself, on a later paper, on nothing known.
    edit(data / "papers.yaml", CLIP_TOPICS + "    arxiv: '2103.00020'",
         CLIP_TOPICS + "    builds_on: [vild, clip, blip, clipp]\n    arxiv: '2103.00020'")
    found = " | ".join(problems(data))
    assert "papers[17].builds_on[1]: a paper cannot build on itself" in found
    assert "papers[17].builds_on[2]: builds on 'blip', which is from a later year (2022)" in found
    assert "papers[17].builds_on[3]: unknown paper 'clipp' (did you mean 'clip'?)" in found
    assert "lineage cycle: " in found and "clip -> vild -> clip" in found or "vild -> clip -> vild" in found


def test_reading_path_names_unknown_paper(data):
    line = edit(data / "papers.yaml", "      - paper: uniter\n", "      - paper: uniterr\n")
    assert any(p.startswith(f"data/papers.yaml:{line}:") and "unknown paper 'uniterr'" in p for p in problems(data))
