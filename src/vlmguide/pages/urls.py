"""Where each generated page lives under docs/ (and so its URL), and links between pages.

Generated pages are HTML, which MkDocs does not rewrite, so every link a template writes is
made relative here, as MkDocs would make it with use_directory_urls.
"""

from __future__ import annotations

import functools

from vlmguide.catalogue.model import Era, Paper, ReadingPath

HOME = "index.md"
ESSAY = "essay.md"
LINEAGE = "lineage.md"
TOPICS = "topics/index.md"
PATHS = "paths/index.md"
CORRECTIONS = "corrections.md"


def _table_page_path(stem: str, page: int) -> str:
    """A table's first page at stem, its later pages under it (see vlmguide.pages.tables)."""
    return f"{stem}.md" if page == 1 else f"{stem}/{page}.md"


def era_path(era: Era, page: int = 1) -> str:
    return _table_page_path(f"eras/{era.id}", page)


def paper_path_of(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def paper_path(paper: Paper) -> str:
    return paper_path_of(paper.id)


def topic_path(topic_id: str, page: int = 1) -> str:
    return _table_page_path(f"topics/{topic_id}", page)


def path_path(path: ReadingPath) -> str:
    return f"paths/{path.id}.md"


@functools.cache
def _url_parts(path: str) -> tuple[str, ...]:
    """A page's directory URL as parts (use_directory_urls): papers/clip.md -> (papers, clip)."""
    if path == HOME:
        return ()
    return tuple(path.removesuffix(".md").removesuffix("/index").split("/"))


def url_path(target: str) -> str:
    """The page's address below the site's root: papers/clip.md -> papers/clip/ (home: "")."""
    parts = _url_parts(target)
    return "/".join(parts) + "/" if parts else ""


def page_url(target: str, from_path: str) -> str:
    """The URL of page target as linked from page from_path."""
    to, base = _url_parts(target), _url_parts(from_path)
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    parts = [".."] * (len(base) - common) + list(to[common:])
    return "/".join(parts) + "/" if parts else "./"
