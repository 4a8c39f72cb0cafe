"""The catalogue written back in the user's note format (its era tables and the essay)."""

from __future__ import annotations

from vlmguide.arxiv import ids as arxiv
from vlmguide.catalogue.model import Catalogue
from vlmguide.catalogue.text import strip_paper_links
from vlmguide.pages.templating import render


def export_note(catalogue: Catalogue) -> str:
    """The catalogue in the note's format (vlmguide.editing.note reads it back)."""
    return render(
        "note.md.j2",
        catalogue=catalogue,
        essay=catalogue.essay,
        note_pdf_url=arxiv.note_pdf_url,
        plain=strip_paper_links,
    )
