"""The fixture catalogue built by `mkdocs build --strict`, checked in the generated HTML."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from devtools.project import FIXTURE_DATA, mkdocs_build
from tests.conftest import ERA_COLUMNS
from vlmguide.catalogue.text import paper_mentions
from vlmguide.editing.yaml_edit import DataFile
from vlmguide.links.built_site import SiteLinks
from vlmguide.pages.editions import SIMPLIFIED, edition_of


def html(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def test_strict_build_has_no_warnings(built_site):
    assert "WARNING" not in built_site.output, built_site.output
    assert "Traceback" not in built_site.output


def test_every_page_exists_at_a_readable_url(built_site, catalogue):
    site = built_site.site
    for paper in catalogue.papers:
        assert (site / "papers" / paper.id / "index.html").is_file(), paper.id
    for era in catalogue.eras:
        assert (site / "eras" / era.id / "index.html").is_file(), era.id
    for page in ("", "essay", "about", "contributing"):
        assert (site / page / "index.html").is_file(), page
    assert 'lang="zh-TW"' in html(site, "")


def test_era_tables(built_site, catalogue):
    for era in catalogue.eras:
        page = html(built_site.site, f"eras/{era.id}")
        headers = re.findall(r"<th[^>]*><button[^>]*>(.*?)</button></th>", page)  # sort buttons (tables.js)
        assert headers == ERA_COLUMNS
        rows = re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(.*?)</td>", page, re.S)
        papers = catalogue.papers_in(era)
        assert [int(n) for n, _ in rows] == [p.number for p in papers], era.id
        for (_, name_cell), paper in zip(rows, papers, strict=True):
            assert f'href="../../papers/{paper.id}/"' in name_cell
            assert f'href="https://arxiv.org/abs/{paper.arxiv}"' in name_cell


def test_paper_page(built_site, catalogue):
    page = html(built_site.site, "papers/clip")
    assert "<h1" in page and ">CLIP<" in page
    assert "Learning Transferable Visual Models From Natural Language Supervision" in page
    assert "Alec Radford" in page and "Ilya Sutskever" in page
    assert 'href="https://arxiv.org/abs/2103.00020"' in page and 'href="https://arxiv.org/pdf/2103.00020"' in page
    assert 'href="../../eras/representation/"' in page
    assert "<strong>4 億張圖片和文字配對</strong>" in page  # the mechanism's bold is kept
    assert page.count("<li>") >= 6 and "<li>Zero-Shot Transfer</li>" in page
    assert 'href="../align/"' in page and 'href="../vild/"' in page
    assert f'<meta name="description" content="{catalogue.papers_by_id["clip"].summary}">' in page


def _meta(page: str, attribute: str, name: str) -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    return found[1] if found else None


def test_every_page_has_its_own_title_description_and_share_tags(built_site, catalogue):
    site = built_site.site
    titles = {}
    for file in sorted(site.rglob("index.html")):
        page = file.read_text(encoding="utf-8")
        where = str(file.relative_to(site))
        title = re.search(r"<title>([^<]+)</title>", page)[1]
        description = _meta(page, "name", "description")
        assert description and len(description) <= 160, where
        assert _meta(page, "property", "og:description") == description, where
        assert _meta(page, "name", "twitter:description") == description, where
        assert _meta(page, "property", "og:title") and title.startswith(_meta(page, "property", "og:title")), where
        url = "http://127.0.0.1:8000/" + where.removesuffix("index.html")
        assert _meta(page, "property", "og:url") == url, where
        edition = edition_of(where)
        assert _meta(page, "property", "og:locale") == edition.og_locale, where
        # Its own canonical address, and each edition's twin for search engines (zh-TW the default).
        assert f'<link rel="canonical" href="{url}">' in page, where
        twin = where.removesuffix("index.html").removeprefix(SIMPLIFIED.prefix)
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
        assert alternates == {
            "zh-TW": f"http://127.0.0.1:8000/{twin}",
            "zh-Hans": f"http://127.0.0.1:8000/zh-Hans/{twin}",
            "x-default": f"http://127.0.0.1:8000/{twin}",
        }, where
        assert f'<html lang="{edition.code}"' in page, where
        titles.setdefault(title, []).append(where)
    assert {t: w for t, w in titles.items() if len(w) > 1} == {}  # no two pages share a title
    clip = html(site, "papers/clip")
    assert _meta(clip, "property", "og:type") == "article"
    assert _meta(clip, "property", "og:description") == catalogue.papers_by_id["clip"].summary
    assert _meta(html(site, ""), "property", "og:type") == "website"
    assert _meta(html(site, "zh-Hans"), "property", "og:type") == "website"
    assert "<title>" in (site / "404.html").read_text(encoding="utf-8")


def test_essay_links_every_named_paper(built_site, catalogue):
    page = html(built_site.site, "essay")
    linked = set(re.findall(r'href="\.\./papers/([^/"]+)/"', page))
    essay = catalogue.essay
    named = {m for t in [essay.lead, *(p.text for p in essay.points), *essay.conclusion] for m in paper_mentions(t)}
    assert named and named <= linked
    assert '<strong><a href="../papers/clip/">CLIP</a></strong>' in page


def test_home_page(built_site, catalogue):
    page = html(built_site.site, "")
    for era in catalogue.eras:
        assert f'href="eras/{era.id}/"' in page
        assert f"<td>{era.years}</td>" in page or f'">{era.years}</td>' in page
    assert 'href="essay/"' in page


def test_edit_links_open_the_yaml_source(built_site, catalogue):
    line = catalogue.paper_lines["clip"]
    assert f"/edit/main/data/papers.yaml#L{line}" in html(built_site.site, "papers/clip")
    assert f"/blob/main/data/papers.yaml#L{line}" in html(built_site.site, "papers/clip")
    assert "/edit/main/data/essay.yaml" in html(built_site.site, "essay")
    assert "/edit/main/docs/about.md" in html(built_site.site, "about")
    assert (
        DataFile(FIXTURE_DATA / "papers.yaml").line(("papers", catalogue.papers.index(catalogue.papers_by_id["clip"])))
        == line
    )


def test_every_internal_link_and_anchor_resolves(built_site):
    site = SiteLinks.read(built_site.site)
    problems = site.internal_problems()
    assert site.internal_count > 1000  # the check looked at the real links
    assert not problems, [f"{p.source}: {p.message}" for p in problems[:20]]


def test_nothing_is_fetched_from_a_third_party_host(built_site):
    site = built_site.site
    offenders = SiteLinks.read(site).third_party_loads()
    for page in site.rglob("*.html"):
        if 'data-md-component="source"' in page.read_text(encoding="utf-8"):  # makes Material fetch api.github.com
            offenders.append(f"{page.relative_to(site)}: repository facts widget")
    for css in site.rglob("*.css"):
        if re.search(r"@import|url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")):
            offenders.append(str(css.relative_to(site)))
    assert not offenders, offenders[:20]


def test_the_site_checker_catches_a_dead_link_and_anchor(tmp_path):
    (tmp_path / "index.html").write_text(
        '<h1 id="a">x</h1><a href="#a">ok</a><a href="#b">bad</a><a href="nope/">bad</a>', encoding="utf-8"
    )
    problems = SiteLinks.read(tmp_path).internal_problems()
    assert sorted(p.url for p in problems) == ["#b", "nope/"]


def _tree_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(site)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_bad_data_fails_the_build_and_keeps_the_last_good_site(project):
    good = mkdocs_build(project)
    assert good.returncode == 0, good.output
    before = _tree_digest(good.site)
    papers = DataFile(project / "data" / "papers.yaml")
    papers.rename_key(papers.paper_loc("clip", "summary"), "sumary")
    bad = mkdocs_build(project)
    assert bad.returncode != 0
    assert "data/papers.yaml:" in bad.output and "unknown field 'sumary' (did you mean 'summary'?)" in bad.output
    assert "Traceback" not in bad.output
    assert _tree_digest(good.site) == before


def test_a_placeholder_fails_a_strict_build_and_warns_in_a_plain_one(project):
    papers = DataFile(project / "data" / "papers.yaml")
    loc = papers.paper_loc("clip", "summary")
    papers.set(loc, "這段還沒寫:待補")
    where = f"data/papers.yaml:{papers.line(loc)}:{papers.column(loc) + len('這段還沒寫:')}: "
    strict = mkdocs_build(project)
    assert strict.returncode != 0
    assert where + "papers[" in strict.output and "placeholder 待補" in strict.output
    assert "Traceback" not in strict.output
    assert not strict.site.exists()  # refused before anything was written
    plain = mkdocs_build(project, strict=False)
    assert plain.returncode == 0, plain.output
    assert "WARNING" in plain.output and where in plain.output
    assert "這段還沒寫:待補" in html(plain.site, "papers/clip")


def test_a_generated_page_never_silently_replaces_a_hand_written_one(project):
    (project / "docs" / "essay.md").write_text("# hand-written\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/essay.md would be overwritten by a generated page" in result.output


def test_search_index_is_written_as_utf8(built_site):
    text = (built_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    index = json.loads(text)
    assert "\\u" not in text.split('"docs"', 1)[1]  # Chinese and the segmenting zero-width spaces as UTF-8
    assert any("對比" in doc["text"] for doc in index["docs"])
    assert index["config"]["pipeline"] == ["stopWordFilter"]


def test_more_eras_than_colours_build_and_take_the_colours_in_turn(project):
    """Eras are editor data: an eighth era builds, its papers and legend coloured like the first era's."""
    from vlmguide.pages.graphics import ERA_FILLS

    papers = DataFile(project / "data" / "papers.yaml")
    last = len(papers.value(("eras",))) - 1
    year = papers.value(("eras", last, "end"))  # the last era's year: its papers may move to the new eras
    eras_text = "".join(
        f"  - id: late-{n}\n    title: 延伸年代 {n}\n    start: {year}\n    end: {year}\n" for n in range(1, 5)
    )
    end = papers.span(("eras", last))[1]
    papers.splice(end, end, "\n" + eras_text.rstrip("\n"))
    papers.set(papers.paper_loc("cogagent", "era"), "late-4")
    assert len(papers.value(("eras",))) > len(ERA_FILLS)

    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    eighth = ERA_FILLS[(len(papers.value(("eras",))) - 1) % len(ERA_FILLS)]
    legend = re.findall(
        r'vlm-legend__swatch" style="background: ([^"]+)"></span>([^<]+)<', html(result.site, "lineage")
    )
    assert legend[-1] == (eighth, "延伸年代 4") and legend[0][0] == ERA_FILLS[0]
    cogagent_box = re.search(r'<title>CogAgent [^<]*</title><rect [^>]*fill="([^"]+)"', html(result.site, "lineage"))
    assert cogagent_box is not None and cogagent_box[1] == eighth
