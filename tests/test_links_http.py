"""Checking URLs against servers on 127.0.0.1 that really misbehave; pacing on an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from devtools.fake_servers import FakeClock, fake_server, misbehaving_routes
from vlmguide.arxiv.http import Fetcher, HttpSettings, check_url
from vlmguide.arxiv.outcome import Outcome, State
from vlmguide.arxiv.politeness import Politeness, parse_retry_after


@pytest.fixture
def server():
    with fake_server(misbehaving_routes()) as (url, recorder):
        yield url, recorder


def make_fetcher(clock: FakeClock, *, arxiv_hosts=frozenset(), interval=3.0, deadline=3600.0, **settings):
    politeness = Politeness(
        clock.clock(),
        clock.monotonic() + deadline,
        arxiv_interval=interval,
        other_interval=0.0,
        arxiv_hosts=set(arxiv_hosts),
    )
    defaults = {"timeout": 1.0, "retries": 2, "backoff": 1.0}
    return Fetcher(httpx.Client(), politeness, HttpSettings(**{**defaults, **settings}))


def check(fetcher: Fetcher, url: str) -> Outcome:
    return check_url(fetcher, url)


def test_ok_and_broken(server):
    base, _ = server
    fetcher = make_fetcher(FakeClock())
    assert check(fetcher, base + "/ok").state == State.OK
    missing = check(fetcher, base + "/missing")
    assert (missing.state, missing.http_status) == (State.BROKEN, 404)
    assert check(fetcher, base + "/gone").state == State.BROKEN


def test_redirect_chain_reports_the_final_url(server):
    base, _ = server
    result = check(make_fetcher(FakeClock()), base + "/chain/1")
    assert result.state == State.REDIRECTED
    assert result.final_url == base + "/ok"
    assert result.message.count("->") == 3


def test_redirect_loop_is_broken_not_endless(server):
    base, recorder = server
    result = check(make_fetcher(FakeClock()), base + "/loop/a")
    assert result.state == State.BROKEN and "redirect loop" in result.message
    assert recorder.count("/loop") == 2


def test_head_405_falls_back_to_get(server):
    base, recorder = server
    result = check(make_fetcher(FakeClock()), base + "/head-405")
    assert result.state == State.OK
    assert [m for m, p in recorder.requests if p == "/head-405"] == ["HEAD", "GET"]


def test_a_stalling_server_times_out_with_retries_and_backoff(server):
    base, recorder = server
    clock = FakeClock()
    result = check(make_fetcher(clock, timeout=0.3, retries=1, backoff=1.5), base + "/stall")
    assert result.state == State.TRANSIENT and "timed out after 2 attempts" in result.message
    assert recorder.count("/stall") == 2
    assert 1.5 in clock.sleeps  # the backoff before the retry


def test_a_connection_reset_mid_body_is_transient(server):
    base, recorder = server
    fetcher = make_fetcher(FakeClock(), retries=1)
    result = check_url(fetcher, base + "/reset", method="GET", body_limit=None)
    assert result.state == State.TRANSIENT and "connection failed" in result.message
    assert recorder.count("/reset") == 2


def test_503_is_retried_then_transient(server):
    base, recorder = server
    clock = FakeClock()
    result = check(make_fetcher(clock, retries=2, backoff=1.0), base + "/always-503")
    assert result.state == State.TRANSIENT and result.http_status == 503
    assert recorder.count("/always-503") == 3
    assert clock.sleeps == [1.0, 2.0]  # exponential backoff


def test_429_with_retry_after_seconds_is_honoured(server):
    base, recorder = server
    clock = FakeClock()
    result = check(make_fetcher(clock), base + "/retry-seconds")
    assert result.state == State.OK
    assert recorder.count("/retry-seconds") == 2
    assert clock.sleeps == [2.0]


def test_retry_after_as_an_http_date_is_honoured(server):
    base, _ = server
    clock = FakeClock()  # now is 12:00:00; the server says retry at 12:00:05
    result = check(make_fetcher(clock), base + "/retry-date")
    assert result.state == State.OK
    assert clock.sleeps == [5.0]


def test_a_long_retry_after_is_rate_limited_not_waited_for(server):
    base, recorder = server
    clock = FakeClock()
    result = check(make_fetcher(clock, max_retry_after=60), base + "/always-429")
    assert result.state == State.RATE_LIMITED and "Retry-After 600" in result.message
    assert recorder.count("/always-429") == 1 and clock.sleeps == []


def test_robot_page_blocks_the_host_and_stops_sending(server):
    base, recorder = server
    fetcher = make_fetcher(FakeClock())
    blocked = check(fetcher, base + "/robot")
    assert blocked.state == State.BLOCKED and "robot-detection" in blocked.message
    after = check(fetcher, base + "/ok")
    assert after.state == State.SKIPPED and "not sent" in after.message
    assert recorder.count("/ok") == 0
    assert recorder.count("/robot") == 2  # HEAD, then GET to read the page; never retried


def test_a_plain_403_is_broken_not_blocked(server):
    base, _ = server
    assert check(make_fetcher(FakeClock()), base + "/forbidden").state == State.BROKEN


def test_arxiv_group_is_paced_and_other_hosts_are_not(server):
    base, _ = server
    clock = FakeClock()
    fetcher = make_fetcher(clock, arxiv_hosts={"127.0.0.1"}, interval=3.0)
    for _ in range(3):
        assert check(fetcher, base + "/ok").state == State.OK
    assert clock.sleeps == [3.0, 3.0]
    assert fetcher.politeness.pacer("127.0.0.1").max_in_flight == 1
    other_clock = FakeClock()
    other = make_fetcher(other_clock, arxiv_hosts=set(), interval=3.0)
    for _ in range(3):
        check(other, base + "/ok")
    assert other_clock.sleeps == []


def test_arxiv_org_and_export_arxiv_org_share_one_pacer():
    politeness = Politeness(FakeClock().clock(), 1e9, 3.0, 0.0, set())
    assert politeness.pacer("arxiv.org") is politeness.pacer("export.arxiv.org")
    assert politeness.pacer("example.org") is not politeness.pacer("arxiv.org")


def test_the_deadline_skips_what_it_cannot_reach(server):
    base, recorder = server
    clock = FakeClock()
    fetcher = make_fetcher(clock, arxiv_hosts={"127.0.0.1"}, interval=3.0, deadline=5.0)
    states = [check(fetcher, base + "/ok").state for _ in range(3)]
    assert states == [State.OK, State.OK, State.SKIPPED]
    assert recorder.count("/ok") == 2


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Thu, 26 Nov 2026 12:01:00 GMT", 60.0),
        ("Thu, 26 Nov 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header, datetime(2026, 11, 26, 12, 0, tzinfo=UTC)) == seconds
