"""The catalogue's typed model: eras, papers and the trends essay.

These pydantic models are the single definition of the data: the loader
validates the YAML against them and `schema/*.schema.json` is generated from them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from functools import cached_property
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.code_links import check_code_url, check_project_url, check_weights_url
from vlmguide.catalogue.errors import Problem
from vlmguide.catalogue.text import HAN, MAX_TEXT_CHARS, check_inline

Slug = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="Lower-case words joined by '-'; used in URLs."),
]
Text = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description="One line of text; Markdown **bold** / *italic* only, no HTML or links.",
    ),
    AfterValidator(check_inline),
]
EssayText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description="One line; Markdown emphasis and [name](paper:ID) links to papers.",
    ),
    AfterValidator(lambda v: check_inline(v, allow_paper_links=True)),
]


def _valid_arxiv_id(value: str) -> str:
    arxiv.parse(value)
    return value


ArxivIdText = Annotated[
    str,
    Field(
        pattern=arxiv.ID_PATTERN,
        description="arXiv ID: YYMM.NNNN up to 1412, YYMM.NNNNN from 1501, optional vN.",
    ),
    AfterValidator(_valid_arxiv_id),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Era(_Strict):
    """One period of the field, shown as one table page."""

    id: Slug
    title: Text = Field(description="The era's name, e.g. 提升視覺表徵與簡化架構.")
    start: int = Field(ge=1990, le=2100, description="First year the era covers.")
    end: int = Field(ge=1990, le=2100, description="Last year the era covers (same as start for one year).")
    highlights: list[Slug] = Field(
        default=[],
        max_length=6,
        description="Ids of the era's papers the home page names as its 代表論文 (default: its first four).",
    )

    @property
    def years(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    @property
    def label(self) -> str:
        """How every page names the era: its title and years, e.g. 提升視覺表徵與簡化架構 (2021–2022)."""
        return f"{self.title} ({self.years})"


class Topic(_Strict):
    """One entry of the controlled topic vocabulary."""

    id: Slug
    name: Text = Field(description="The topic's name, e.g. 對比學習.")
    description: Text = Field(description="One line on what papers under this topic share.")


# Which part of a paper's page a remark sits under (the note's three columns), or the page's head.
RemarkField = Literal["summary", "key_techniques", "mechanism", "name"]


class Remark(_Strict):
    """An editor's remark (編者註): what the note's text gets wrong, stated beside it, never in it."""

    text: Text = Field(description="The remark, in zh-TW: short, stating the fact.")
    source: Annotated[str, Field(pattern=arxiv.ABS_URL_PATTERN)] | None = Field(
        default=None, description="Where the fact is stated: an arXiv abstract page, https://arxiv.org/abs/<id>."
    )
    field: RemarkField = Field(
        default="name", description="The section it is shown under: summary, key_techniques, mechanism, or name."
    )
    date: Annotated[dt.date, Field(strict=False)] = Field(
        description="When the remark was made or last corrected (YYYY-MM-DD): its date in the corrections feed."
    )


LinkSource = Annotated[
    Literal["abstract", "paper", "project-page", "readme"],
    Field(
        description=(
            "What shows the link is the authors' own: abstract (the arXiv abstract or comment names it), "
            "paper (the PDF does), project-page (the authors' page links it), readme (its README names "
            "the paper and its authors)."
        )
    ),
]
CodeUrl = Annotated[
    str,
    Field(max_length=300, description="https://github.com/<owner>/<repo> (or a folder of it), GitLab, or a HF Space."),
    AfterValidator(check_code_url),
]


class OfficialCode(_Strict):
    """The paper's official repository (程式碼)."""

    url: CodeUrl
    source: LinkSource


class OfficialWeights(_Strict):
    """The weights the authors released (模型權重)."""

    url: Annotated[
        str,
        Field(max_length=300, description="A Hugging Face model page, or the GitHub repository that releases them."),
        AfterValidator(check_weights_url),
    ]
    source: LinkSource


class ProjectPage(_Strict):
    """The authors' page for the paper (專案頁)."""

    url: Annotated[str, Field(max_length=300, description="Any public https page."), AfterValidator(check_project_url)]
    source: LinkSource


class Reimplementation(_Strict):
    """A well-known repository by others (not the authors'): shown as such, never as the paper's code."""

    name: Text = Field(description="What it is called, e.g. OpenCLIP.")
    url: CodeUrl


class PathStep(_Strict):
    """One step of a reading path: a paper and why it comes here."""

    paper: Slug
    why: Text


class ReadingPath(_Strict):
    """An ordered way through the catalogue, e.g. a first ten papers for a newcomer."""

    id: Slug
    title: Text
    description: Text
    steps: list[PathStep] = Field(min_length=2)


class Paper(_Strict):
    """One paper of the catalogue; the text fields are the note's columns."""

    id: Slug = Field(description="Stable URL name of the paper page: /papers/<id>/.")
    number: int = Field(ge=1, description="編號: the paper's number in the note.")
    name: Text = Field(description="模型名稱: the model's short name, e.g. CLIP.")
    year: int = Field(ge=1990, le=2100, description="發布年份: must agree with the arXiv ID's YYMM.")
    era: Slug = Field(description="The id of the era this paper belongs to.")
    topics: list[Slug] = Field(
        default=[], max_length=4, description="1 to 4 topic ids (required once the catalogue defines topics)."
    )
    builds_on: list[Slug] = Field(default=[], description="Ids of earlier papers this one builds on.")
    arxiv: ArxivIdText
    title: Text | None = Field(default=None, description="The paper's English title on arXiv.")
    authors: list[Text] = Field(default=[], description="Authors in arXiv order.")
    published: Annotated[dt.date, Field(strict=False)] | None = Field(
        default=None, description="Date of the first arXiv version (YYYY-MM-DD), if known."
    )
    primary_category: Annotated[str, Field(pattern=r"^[a-z\-]+(\.[A-Za-z\-]+)?$")] | None = Field(
        default=None, description="arXiv primary category, e.g. cs.CV, if known."
    )
    added: Annotated[dt.date, Field(strict=False)] = Field(
        description="The day the paper joined the catalogue (YYYY-MM-DD; `vlmguide new` writes today): the feed's order."
    )
    code: OfficialCode | None = Field(default=None, description="The official repository, with what shows it.")
    weights: OfficialWeights | None = Field(default=None, description="The officially released weights.")
    project: ProjectPage | None = Field(default=None, description="The authors' project page.")
    reimplementations: list[Reimplementation] = Field(
        default=[], max_length=3, description="Well-known implementations by others, shown as not official."
    )
    summary: Text = Field(description="簡單摘要 (核心思想).")
    key_techniques: list[Text] = Field(min_length=1, description="關鍵技術與閱讀重點, one item each.")
    mechanism: Text = Field(description="基本原理 (核心機制).")
    aliases: list[Text] = Field(default=[], description="Other names readers search for, e.g. LLaVA-1.5.")
    remarks: list[Remark] = Field(default=[], description="Editor's remarks (編者註) on what the note gets wrong.")

    @property
    def abs_url(self) -> str:
        return arxiv.parse(self.arxiv).abs_url

    @property
    def pdf_url(self) -> str:
        return arxiv.parse(self.arxiv).pdf_url

    @property
    def links(self) -> list[tuple[str, str]]:
        """(field, URL) of every code, weights, project and reimplementation link the paper holds."""
        official = [(field, link.url) for field in ("code", "weights", "project") if (link := getattr(self, field))]
        return official + [("reimplementations", other.url) for other in self.reimplementations]


class Point(_Strict):
    """One numbered point of the essay."""

    heading: EssayText
    text: EssayText
    remarks: list[Remark] = Field(default=[], description="Editor's remarks (編者註) on this point.")


class Essay(_Strict):
    """The trends essay (觀點洞察與發展趨勢)."""

    title: Text
    lead: EssayText = Field(description="The opening line before the numbered points.")
    points: list[Point] = Field(min_length=1)
    conclusion: list[EssayText] = Field(min_length=1, description="Closing paragraphs.")


def _has_han(value: str) -> str:
    if not HAN.search(value):
        raise ValueError("a term is a Chinese word: it must hold at least one Han character")
    return value


Term = Annotated[
    str,
    Field(min_length=1, max_length=40, pattern=r"^\S+$", description="A Chinese word, without spaces."),
    AfterValidator(check_inline),
    AfterValidator(_has_han),
]


class ScriptTerms(_Strict):
    """data/zh-hans.yaml: how the zh-Hans edition words what plain OpenCC (tw2sp) gets wrong.

    Both tables are reviewed like the catalogue: every entry says, in a comment, why it is there.
    """

    terms: dict[Term, Term] = Field(
        default={},
        description="繁體用語 → 簡體用語. Applied before OpenCC's tw2sp, longest first; the rest of the text goes "
        "through tw2sp. An entry may keep a word as it is (序列: 序列) to stop tw2sp from replacing it.",
    )
    search_words: dict[Term, Term] = Field(
        default={},
        description="大陸用語 (Simplified) → the word the note uses (Traditional): a reader who searches for the "
        "first finds what the note says with the second, on both editions.",
    )


class CatalogueFile(_Strict):
    """data/papers.yaml: the guide's title, its eras and its papers."""

    title: Text = Field(description="The guide's title, as the note's top heading.")
    eras: list[Era] = Field(min_length=1)
    topics: list[Topic] = Field(default=[])
    paths: list[ReadingPath] = Field(default=[])
    papers: list[Paper] = Field(min_length=1, description="Kept last in the file: `vlmguide new` appends here.")


class Catalogue(BaseModel):
    """The validated, cross-checked catalogue every consumer works from."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    title: str
    eras: tuple[Era, ...]
    papers: tuple[Paper, ...]
    essay: Essay
    topics: tuple[Topic, ...] = ()
    paths: tuple[ReadingPath, ...] = ()
    # The data files as messages and links name them (e.g. data/papers.yaml; see the loader's display_root).
    papers_file: str
    essay_file: str
    # Line of each paper's entry in the papers file, for "view source" links and reports,
    # and of each of its fields: {(paper id, field): line}.
    paper_lines: dict[str, int] = Field(default_factory=dict)
    field_lines: dict[tuple[str, str], int] = Field(default_factory=dict)
    # What loads but must not be published: each placeholder (待補) left in a text, located.
    warnings: tuple[Problem, ...] = ()
    # data/zh-hans.yaml (optional): the zh-Hans edition's term tables, and the file they came from.
    script_terms: ScriptTerms = ScriptTerms()
    script_terms_file: str | None = None

    def source_of(self, paper_id: str, field: str | None = None) -> str:
        """file:line where an editor changes this paper (or this field of it)."""
        line = self.field_lines.get((paper_id, field)) if field else None
        return f"{self.papers_file}:{line or self.paper_lines.get(paper_id, 1)}"

    @cached_property
    def papers_by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}

    @cached_property
    def eras_by_id(self) -> dict[str, Era]:
        return {e.id: e for e in self.eras}

    @cached_property
    def topics_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    def highlights(self, era: Era, count: int = 4) -> list[Paper]:
        """The era's 代表論文: its highlights if the data names them, else its first papers."""
        if era.highlights:
            return [self.papers_by_id[paper_id] for paper_id in era.highlights]
        return self.papers_in(era)[:count]

    @property
    def has_remarks(self) -> bool:
        return bool(self.remarked_papers or any(point.remarks for point in self.essay.points))

    @property
    def remarked_papers(self) -> list[Paper]:
        """The papers with an editor's remark, in catalogue order (the 勘誤與編者註 page lists them)."""
        return [p for p in self.papers if p.remarks]

    def papers_in(self, era: Era) -> list[Paper]:
        return [p for p in self.papers if p.era == era.id]

    def papers_on(self, topic: Topic) -> list[Paper]:
        return [p for p in self.papers if topic.id in p.topics]

    @cached_property
    def built_upon_by(self) -> dict[str, list[Paper]]:
        """{paper id: the papers that name it in builds_on}, in catalogue order."""
        out: dict[str, list[Paper]] = {p.id: [] for p in self.papers}
        for paper in self.papers:
            for earlier in paper.builds_on:
                out.setdefault(earlier, []).append(paper)
        return out

    def path_steps(self, paper_id: str) -> list[tuple[ReadingPath, int]]:
        """(path, step index) for every reading path that passes through the paper."""
        return [(path, i) for path in self.paths for i, step in enumerate(path.steps) if step.paper == paper_id]

    @cached_property
    def _papers_by_topic(self) -> dict[str, list[int]]:
        """{topic id: indexes of its papers, ascending}, so related() looks at candidates only."""
        out: dict[str, list[int]] = {}
        for index, paper in enumerate(self.papers):
            for topic in paper.topics:
                out.setdefault(topic, []).append(index)
        return out

    @cached_property
    def _index_of(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.papers)}

    # How far along each of its topics related() looks on either side of a paper. Topics hold
    # papers in catalogue (roughly time) order, so this keeps the nearest in time and bounds
    # the work per paper however large the catalogue grows; a topic of up to 2 * RELATED_WINDOW
    # papers is looked at whole.
    RELATED_WINDOW: ClassVar[int] = 60

    def related(self, paper: Paper, limit: int = 5) -> list[Paper]:
        """Papers sharing lineage or topics with paper, the closest first.

        Score: 2 for a direct lineage link, plus 1 per shared topic; ties go to the nearer
        year, then to catalogue order.
        """
        own = self._index_of.get(paper.id, -1)
        scores: dict[int, int] = {}
        for other_id in (*paper.builds_on, *(p.id for p in self.built_upon_by.get(paper.id, []))):
            if other_id in self._index_of:
                scores[self._index_of[other_id]] = 2
        for topic in paper.topics:
            members = self._papers_by_topic.get(topic, [])
            at = bisect.bisect_left(members, own)
            for index in members[max(0, at - self.RELATED_WINDOW) : at + self.RELATED_WINDOW + 1]:
                scores[index] = scores.get(index, 0) + 1
        scores.pop(own, None)
        ranked = heapq.nsmallest(
            limit, ((-score, abs(self.papers[i].year - paper.year), i) for i, score in scores.items())
        )
        return [self.papers[i] for *_, i in ranked]
