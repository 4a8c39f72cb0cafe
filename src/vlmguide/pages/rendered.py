"""One generated page as the builders make it: front matter for MkDocs, the body as HTML."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cached_property

from vlmguide.pages.cards import Card
from vlmguide.pages.inline import front_matter

_UNSEARCHED = re.compile(r"<!--search:exclude-->.*?<!--/search:exclude-->", re.S)


@dataclass(frozen=True)
class RenderedPage:
    """One generated page: its title and description, its HTML, and where an editor changes it.

    Generated pages are HTML from autoescaping Jinja templates, not Markdown: MkDocs reads
    only the front matter (self.markdown) and takes the body as it is (vlmguide.mkdocs.html_page).
    That keeps a 5,000-paper build within budget and leaves no Markdown syntax in data text
    for a reader's browser to interpret.
    """

    path: str
    title: str
    description: str
    marked_html: str  # the template's output, with what search leaves out between <!--search:exclude--> marks
    source: str
    line: int | None = None
    hide: tuple[str, ...] = ()
    card: Card | None = None  # what its social card shows (default: its title and description)
    card_from: str | None = None  # or the page whose card it shares: its era's, its table's first page
    citation: tuple[tuple[str, str], ...] = ()  # a paper page's citation_* meta tags (vlmguide.pages.citation)

    @classmethod
    def of(
        cls,
        path: str,
        title: str,
        description: str,
        html: str,
        source: str,
        line: int | None = None,
        hide: tuple[str, ...] = (),
        card: Card | None = None,
        card_from: str | None = None,
        citation: tuple[tuple[str, str], ...] = (),
    ) -> RenderedPage:
        """A page from its template's output, which marks what search leaves out."""
        return cls(path, title, description, html, source, line, hide, card, card_from, citation)

    def at_line(self, line: int | None) -> RenderedPage:
        """The page with its entry at another line of its data file (the edit link's only change)."""
        return self if line == self.line else dataclasses.replace(self, line=line)

    @cached_property
    def html(self) -> str:
        """The page's body as readers get it."""
        return self.marked_html.replace("<!--search:exclude-->", "").replace("<!--/search:exclude-->", "")

    @property
    def search_html(self) -> str:  # read once, by the search plugin: not kept
        """html without what the templates mark <!--search:exclude-->: what the search index reads."""
        return _UNSEARCHED.sub("", self.marked_html)

    @property
    def social_card(self) -> Card:
        return self.card or Card(self.title, self.description)

    @property
    def source_uri(self) -> str:
        """The data file, with a #L<line> anchor where the page's entry starts."""
        return f"{self.source}#L{self.line}" if self.line else self.source

    @property
    def edit_uri(self) -> str:
        """source_uri as MkDocs' edit links take it: relative to docs/ (the data files are beside it)."""
        return f"../{self.source_uri}"

    @property
    def markdown(self) -> str:
        """What MkDocs reads as the page's source: the front matter alone."""
        lines = ["---", f"title: {front_matter(self.title)}", f"description: {front_matter(self.description)}"]
        if self.hide:
            lines += ["hide:", *(f"  - {item}" for item in self.hide)]
        if self.citation:  # overrides/main.html writes them as <meta name="..." content="...">
            lines += ["citation:", *(f"  - [{name}, {front_matter(content)}]" for name, content in self.citation)]
        return "\n".join([*lines, "---", ""])
