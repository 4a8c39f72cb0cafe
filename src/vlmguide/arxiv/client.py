"""Asking the arXiv API about IDs through the polite Fetcher; used by linkcheck and `new`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from vlmguide.arxiv.api import Entry, FeedError, parse_feed, query_urls
from vlmguide.arxiv.http import Fetcher, check_url
from vlmguide.arxiv.results import LinkResult, State


@dataclass
class Answer:
    """The API's answer to one request: the IDs asked, how the request went, and what it said."""

    ids: list[str]
    request: LinkResult
    entries: dict[str, Entry] = field(default_factory=dict)
    errors: list[Entry] = field(default_factory=list)


def ask(fetcher: Fetcher, api_url: str, ids: list[str]) -> Iterator[Answer]:
    """One Answer per request; as few requests as the API allows."""
    for url in query_urls(api_url, ids):
        asked = url.split("id_list=", 1)[1].split("&", 1)[0].split(",")
        request = LinkResult(url=url, state=State.OK, kind="arxiv")
        reply = check_url(fetcher, url, request, method="GET", body_limit=None)
        answer = Answer(asked, request)
        if reply is not None:
            try:
                answer.entries, answer.errors = parse_feed(reply.text)
            except FeedError as exc:
                request.state, request.message = State.TRANSIENT, str(exc)
        yield answer
