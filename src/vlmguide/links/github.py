"""Checking a GitHub repository link through GitHub's REST API, when the run has a token.

A plain request for a renamed or transferred repository is silently redirected, and an archived one
looks like any other; the API says both. `GET /repos/{owner}/{repo}` answers:

- 200 with the repository (its `full_name`, `archived`): a different full_name means the repository
  was renamed or transferred (GitHub redirects the old name, 301 to /repositories/{id}, for a while):
  `redirected`, with the address to write instead;
- 404: no such repository any more, or it was made private: `broken`;
- 403 or 429 with `x-ratelimit-remaining: 0`: the token's quota is used up until `x-ratelimit-reset`
  (vlmguide.arxiv.http waits for a short reset; otherwise `rate_limited`, and the API is asked nothing
  more this run).

The token is sent to the API's own host only. Without a token, repository links are checked by plain
HTTP like every other link (paced, like every host).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from vlmguide.arxiv.http import Fetcher, check_url
from vlmguide.arxiv.outcome import Outcome, State
from vlmguide.catalogue.code_links import GitHubRepository, github_repository

GITHUB_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")  # what GitHub Actions and the gh command line set


def github_token(environ: Mapping[str, str] = os.environ) -> str | None:
    """The token the environment holds, if any."""
    return next((environ[name] for name in TOKEN_VARIABLES if environ.get(name)), None)


def moved_url(url: str, old: GitHubRepository, new_full_name: str) -> str:
    """url with the repository's new owner/name in place of the old (a folder path is kept)."""
    prefix = f"https://github.com/{old.full_name}"
    rest = url[len(prefix) :] if url.lower().startswith(prefix.lower()) else ""
    return f"https://github.com/{new_full_name}{rest}"


def check_repository(fetcher: Fetcher, api_url: str, token: str, url: str) -> tuple[Outcome, str | None]:
    """How the repository url names stands, and the URL to write instead if it moved."""
    repo = github_repository(url)
    if repo is None:
        raise ValueError(f"{url} is not a GitHub repository address")
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    asked = check_url(fetcher, f"{api_url.rstrip('/')}/repos/{repo.full_name}", method="GET", headers=headers)
    if asked.state == State.BROKEN and asked.http_status == 404:
        return Outcome(State.BROKEN, f"GitHub has no repository {repo.full_name} (deleted, or made private)", 404), None
    if not asked.state.good or asked.reply is None:
        return Outcome(asked.state, f"GitHub API: {asked.message}", asked.http_status), None
    try:
        data = json.loads(asked.reply.text)
        full_name, archived = str(data["full_name"]), bool(data.get("archived"))
    except (ValueError, KeyError, TypeError):
        return Outcome(State.TRANSIENT, "GitHub API: the answer is not a repository", asked.http_status), None
    if full_name.lower() != repo.full_name.lower():
        new = moved_url(url, repo, full_name)
        message = f"GitHub: {repo.full_name} was renamed or transferred to {full_name}"
        return Outcome(State.REDIRECTED, message, asked.http_status, new), new
    if archived:
        message = f"GitHub: {full_name} is archived (read-only); it still answers"
        return Outcome(State.ARCHIVED, message, asked.http_status), None
    return Outcome(State.OK, "", asked.http_status), None
