"""arXiv identifier rules: the only place that knows what an arXiv ID looks like."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABS_BASE = "https://arxiv.org/abs/"
PDF_BASE = "https://arxiv.org/pdf/"
DOI_PREFIX = "10.48550/arXiv."

_VERSION = r"v[1-9]\d*"  # the optional version suffix every form of ID may carry
# New style: YYMM.NNNN (2007-04 .. 2014-12) or YYMM.NNNNN (from 2015-01), optional vN.
_NEW_STYLE = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?P<version>" + _VERSION + ")?$")
# Old style: archive(.SUBJ)/YYMMNNN, optional vN.
_OLD_STYLE = re.compile(
    r"^(?P<archive>[a-z][a-z\-]+(?:\.[A-Z]{2})?)/(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d{3})(?P<version>"
    + _VERSION
    + ")?$"
)


# The same rules as one regular expression, for the JSON Schema that editors' tools use.
ID_PATTERN = (
    r"^(?:"
    r"07(?:0[4-9]|1[0-2])\.\d{4}"  # 2007-04 .. 2007-12
    r"|(?:0[89]|1[0-4])(?:0[1-9]|1[0-2])\.\d{4}"  # 2008 .. 2014: four digits
    r"|(?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5}"  # from 2015: five digits
    r"|[a-z][a-z\-]+(?:\.[A-Z]{2})?/(?:9[1-9]|0[0-7])(?:0[1-9]|1[0-2])\d{3}"  # old style
    r")(?:" + _VERSION + ")?$"
)
# An arXiv abstract page, as remarks cite it.
ABS_URL_PATTERN = "^" + re.escape(ABS_BASE) + ID_PATTERN.removeprefix("^")
_VERSION_SUFFIX = re.compile(_VERSION + "$")


def base_id(text: str) -> str:
    """The ID without its version suffix (2103.00020v2 -> 2103.00020): how the API and the
    catalogue's duplicate check match IDs. Text that is no ID comes back as it is, less a suffix."""
    return _VERSION_SUFFIX.sub("", text)


class ArxivIdError(ValueError):
    """An arXiv ID that does not follow arXiv's rules; the message says how to fix it."""


@dataclass(frozen=True)
class ArxivId:
    """A parsed, valid arXiv identifier."""

    text: str
    year: int
    month: int
    version: int | None

    @property
    def base(self) -> str:
        """The ID without its version suffix."""
        return base_id(self.text)

    @property
    def abs_url(self) -> str:
        return ABS_BASE + self.text

    @property
    def pdf_url(self) -> str:
        return PDF_BASE + self.text

    @property
    def doi(self) -> str:
        """The DOI arXiv registers (with DataCite) for every article: one per paper, not per version."""
        return DOI_PREFIX + self.base


def parse(text: str) -> ArxivId:
    """Parse an arXiv ID or raise ArxivIdError explaining what is wrong."""
    if not isinstance(text, str):
        raise ArxivIdError('an arXiv ID must be a string (quote it, e.g. "2103.00020")')
    new = _NEW_STYLE.match(text)
    if new:
        yy, mm, num = int(new["yy"]), int(new["mm"]), new["num"]
        _check_month(mm, text)
        year = 2000 + yy
        if (year, mm) < (2007, 4):
            raise ArxivIdError(
                f"'{text}' is new-style but dated {year}-{mm:02d}; new-style IDs start in 2007-04 "
                "(older papers use archive/YYMMNNN)"
            )
        if (year, mm) <= (2014, 12) and len(num) != 4:
            raise ArxivIdError(f"'{text}': IDs up to 1412 have 4 digits after the dot (YYMM.NNNN)")
        if (year, mm) >= (2015, 1) and len(num) != 5:
            raise ArxivIdError(f"'{text}': IDs from 1501 on have 5 digits after the dot (YYMM.NNNNN)")
        return ArxivId(text, year, mm, _version(new["version"]))
    old = _OLD_STYLE.match(text)
    if old:
        yy, mm = int(old["yy"]), int(old["mm"])
        _check_month(mm, text)
        year = 1900 + yy if yy >= 91 else 2000 + yy
        if (year, mm) > (2007, 3):
            raise ArxivIdError(f"'{text}': old-style IDs end in 2007-03; use YYMM.NNNN(N)")
        return ArxivId(text, year, mm, _version(old["version"]))
    raise ArxivIdError(
        f"'{text}' is not an arXiv ID (expected YYMM.NNNNN like 2103.00020, optional vN, "
        "or archive/YYMMNNN like hep-th/9901001)"
    )


def _check_month(month: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise ArxivIdError(f"'{text}': month {month:02d} does not exist (YYMM needs MM from 01 to 12)")


def _version(suffix: str | None) -> int | None:
    return int(suffix[1:]) if suffix else None


_PDF_URL = re.compile(r"^https?://arxiv\.org/pdf/(?P<id>.+?)(?:\.pdf)?$")


def note_pdf_url(arxiv_id: str) -> str:
    """The PDF link in the form the source note writes it (arXiv answers 301 to /pdf/<id>)."""
    return f"{PDF_BASE}{arxiv_id}.pdf"


def id_from_pdf_url(url: str) -> str | None:
    """The arXiv ID inside an arxiv.org/pdf/ link, or None if the URL is not one."""
    match = _PDF_URL.match(url)
    return match["id"] if match else None
