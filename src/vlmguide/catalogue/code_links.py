"""Where a paper's code, weights and project page may live: the URL shapes the catalogue accepts.

Each is an https address on a host the link checker knows how to check (vlmguide.links): code on
GitHub, GitLab or a Hugging Face Space; weights on Hugging Face or in a GitHub repository (its
releases); a project page on any public host (the authors' site). A GitHub address names a
repository, or a folder of one (`/tree/<branch>/<path>`) where a lab keeps many projects in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

GITHUB = "github.com"
GITLAB = "gitlab.com"
HUGGING_FACE = "huggingface.co"

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?"
_GITHUB_PATH = re.compile(rf"^/(?P<owner>{_NAME})/(?P<repo>{_NAME})(?:/(?:tree|blob|releases)(?:/[^\s]*)?)?/?$")
_GITLAB_PATH = re.compile(rf"^/{_NAME}(?:/{_NAME})+/?$")
_HF_MODEL_PATH = re.compile(rf"^/(?P<owner>{_NAME})/(?P<name>{_NAME})/?$")
_HF_SPACE_PATH = re.compile(rf"^/spaces/{_NAME}/{_NAME}/?$")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


@dataclass(frozen=True)
class GitHubRepository:
    owner: str
    name: str

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


def _https(url: str) -> tuple[str, str]:
    """(host, path) of an https URL with no user, port, query or fragment; ValueError says what is wrong."""
    if url != url.strip() or any(c.isspace() for c in url):
        raise ValueError("the URL holds a space (remove it)")
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValueError(f"{url} is not an https address (write it with https://)")
    if parts.username or parts.password or parts.port:
        raise ValueError(f"{url} names a user or a port (link the page itself)")
    if parts.query or parts.fragment:
        raise ValueError(f"{url} has a ?query or #fragment (link the page itself)")
    host = parts.hostname or ""
    if not _HOST.match(host) or host != parts.netloc:
        raise ValueError(f"{url} does not name a public host in lower case (write it like https://github.com/...)")
    return host, parts.path


def github_repository(url: str) -> GitHubRepository | None:
    """The GitHub repository a github.com URL names (None for another host)."""
    parts = urlsplit(url)
    match = _GITHUB_PATH.match(parts.path) if parts.hostname == GITHUB else None
    return GitHubRepository(match["owner"], match["repo"]) if match else None


def check_code_url(url: str) -> str:
    """A repository: GitHub (a repository or a folder of one), GitLab, or a Hugging Face Space."""
    host, path = _https(url)
    if (
        (host == GITHUB and _GITHUB_PATH.match(path))
        or (host == GITLAB and _GITLAB_PATH.match(path))
        or (host == HUGGING_FACE and _HF_SPACE_PATH.match(path))
    ):
        return url
    raise ValueError(
        f"{url} is not a repository (use https://github.com/<owner>/<repo>, a folder of it as "
        "/tree/<branch>/<path>, a GitLab project or a Hugging Face Space)"
    )


def check_weights_url(url: str) -> str:
    """Released weights: a Hugging Face model page, or a GitHub repository (its releases or README's links)."""
    host, path = _https(url)
    if (host == HUGGING_FACE and _HF_MODEL_PATH.match(path) and not path.startswith("/spaces/")) or (
        host == GITHUB and _GITHUB_PATH.match(path)
    ):
        return url
    raise ValueError(
        f"{url} is not a place for weights (use a Hugging Face model page, https://huggingface.co/<org>/<model>, "
        "or the GitHub repository that releases them)"
    )


def check_project_url(url: str) -> str:
    """A project page: any public https page."""
    _https(url)
    return url
