"""The polite client for arXiv and every other link, and asking the arXiv API about IDs with it.

`vlmguide linkcheck` and `vlmguide new` both get their Fetcher from polite_fetcher.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from vlmguide.arxiv.api import Entry, FeedError, error_for, parse_feed, query_urls
from vlmguide.arxiv.http import Fetcher, HttpSettings, check_url
from vlmguide.arxiv.ids import base_id
from vlmguide.arxiv.outcome import Outcome, State
from vlmguide.arxiv.politeness import Clock, Politeness

ARXIV_URL = "https://arxiv.org"
ARXIV_API_URL = "https://export.arxiv.org/api/query"
USER_AGENT = "vlmguide-linkcheck/0.1 (VLM paper guide; +https://github.com/vlm-guide/vlm-papers/issues)"


@dataclass
class ClientSettings:
    """Where arXiv is (stand-ins in tests), how often each host group may be asked, and for how long."""

    arxiv_url: str = ARXIV_URL
    arxiv_api_url: str = ARXIV_API_URL
    arxiv_interval: float = 3.0  # arXiv asks automated clients for one request every 3 s
    other_interval: float = 1.0
    deadline: float = 1800.0  # seconds the whole run may take
    http: HttpSettings = field(default_factory=HttpSettings)


def polite_fetcher(
    settings: ClientSettings, clock: Clock | None = None, transport: httpx.BaseTransport | None = None
) -> Fetcher:
    """The client every arXiv or link request goes through: our User-Agent, pacing per host group,
    arxiv.org and its stand-ins (arxiv_url, arxiv_api_url) counted as one group, the run's deadline."""
    clock = clock or Clock()
    arxiv_hosts = {urlsplit(settings.arxiv_url).hostname or "", urlsplit(settings.arxiv_api_url).hostname or ""}
    politeness = Politeness(
        clock, clock.monotonic() + settings.deadline, settings.arxiv_interval, settings.other_interval, arxiv_hosts
    )
    client = httpx.Client(headers={"User-Agent": USER_AGENT}, transport=transport)
    return Fetcher(client, politeness, settings.http)


@dataclass(frozen=True)
class Answer:
    """The API's answer to one request: the IDs asked, how the request went, and what it said."""

    ids: list[str]
    request: Outcome
    entries: dict[str, Entry] = field(default_factory=dict)
    errors: list[Entry] = field(default_factory=list)
    requests: int = 1  # how many times the batch was asked (an incomplete answer is asked again)

    @property
    def unexplained(self) -> list[str]:
        """The IDs asked that the answer neither lists nor names in an error entry."""
        if not self.request.state.good:
            return []
        return [i for i in self.ids if base_id(i) not in self.entries and error_for(self.errors, i) is None]


def ask(fetcher: Fetcher, api_url: str, ids: list[str]) -> Iterator[Answer]:
    """One Answer per batch of IDs; as few requests as the API allows.

    The API now and then answers a valid query with an empty feed, or with fewer entries than it
    was asked for: absence from one answer is no proof that a paper is gone. A batch whose answer
    leaves IDs unexplained is asked again (at the usual pace), up to the fetcher's retries.
    """
    for url in query_urls(api_url, ids):
        asked = url.split("id_list=", 1)[1].split("&", 1)[0].split(",")
        answer = _ask_once(fetcher, url, asked)
        while answer.unexplained and answer.requests <= fetcher.settings.retries:
            answer = dataclasses.replace(_ask_once(fetcher, url, asked), requests=answer.requests + 1)
        yield answer


def _ask_once(fetcher: Fetcher, url: str, asked: list[str]) -> Answer:
    outcome = check_url(fetcher, url, method="GET", body_limit=None)
    if outcome.reply is None:
        return Answer(asked, outcome)
    try:
        entries, errors = parse_feed(outcome.reply.text)
    except FeedError as exc:
        return Answer(asked, dataclasses.replace(outcome, state=State.TRANSIENT, message=str(exc)))
    return Answer(asked, outcome, entries, errors)
