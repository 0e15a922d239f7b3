"""The shared HTTP client: allowed hosts (both names of the variable work),
429 answers and Retry-After, the Accept header, error answers' bodies.
(Deadlines, redirects, caps and bombs: tests/test_blogroll_fetch.py.)"""

import email.utils
import time
from datetime import UTC, datetime, timedelta

import pytest
from blogroll_server import FeedServer, Route, loopback_only

from plugins.common.http import (
    ERROR_BODY_BYTES,
    JSON,
    FetchError,
    Limits,
    fetch,
    retry_after,
)

QUICK = Limits(timeout=1.0)


@pytest.fixture
def server(monkeypatch):
    loopback_only(monkeypatch)
    with FeedServer({"/feed/": Route(body=b"<rss/>")}) as running:
        yield running


@pytest.mark.parametrize("name", ["FETCH_ALLOWED_HOSTS", "BLOGROLL_ALLOWED_HOSTS"])
def test_either_name_alone_limits_the_hosts(server, monkeypatch, name):
    monkeypatch.delenv("FETCH_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("BLOGROLL_ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv(name, "example.org, 127.0.0.1")
    assert fetch(server.url("/feed/"), limits=QUICK).body == b"<rss/>"
    with pytest.raises(FetchError, match=rf"127\.0\.0\.2 is not in \${name}"):
        fetch(server.url("/feed/").replace("127.0.0.1", "127.0.0.2"), limits=QUICK)


def test_with_both_set_a_host_must_be_in_both(server, monkeypatch):
    monkeypatch.setenv("FETCH_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("BLOGROLL_ALLOWED_HOSTS", "example.org")
    with pytest.raises(FetchError, match=r"is not in \$BLOGROLL_ALLOWED_HOSTS"):
        fetch(server.url("/feed/"), limits=QUICK)


def test_a_429_is_waited_out_when_retry_after_fits_the_deadline(monkeypatch):
    loopback_only(monkeypatch)
    route = Route(body=b"{}", behaviour="limited", retry_after="0")
    with FeedServer({"/api/": route}) as server:
        response = fetch(server.url("/api/"), limits=QUICK)
    assert response.body == b"{}"
    assert [seen.status for seen in server.seen("/api/")] == [429, 200]


def test_a_429_that_asks_for_longer_than_the_deadline_fails_at_once(monkeypatch):
    loopback_only(monkeypatch)
    route = Route(body=b"{}", behaviour="limited", retry_after="3600")
    with FeedServer({"/api/": route}) as server:
        started = time.monotonic()
        with pytest.raises(FetchError, match="429 Too Many Requests; it asks to wait"):
            fetch(server.url("/api/"), limits=Limits(timeout=30))
    assert time.monotonic() - started < 20  # it did not wait for the hour
    assert len(server.seen("/api/")) == 1


def test_a_429_is_asked_again_at_most_max_waits_times(monkeypatch):
    loopback_only(monkeypatch)
    route = Route(body=b"{}", behaviour="limited", retry_after="0", limited=10)
    with FeedServer({"/api/": route}) as server, pytest.raises(FetchError) as raised:
        fetch(server.url("/api/"), limits=Limits(timeout=5, max_waits=2))
    assert (raised.value.kind, raised.value.status) == ("rate-limited", 429)
    assert len(server.seen("/api/")) == 3


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past: at once
        ("", None),
        ("soon", None),
        ("9" * 40, None),
        ("١٢", None),  # Arabic-Indic digits are no number of seconds here
    ],
)
def test_retry_after_is_seconds_or_an_http_date(value, seconds):
    assert retry_after(value) == seconds


def test_retry_after_as_a_date_counts_from_now():
    later = email.utils.format_datetime(
        datetime.now(UTC) + timedelta(seconds=90), usegmt=True
    )
    assert 80 < retry_after(later) <= 90


def test_json_apis_are_asked_for_json(server):
    fetch(server.url("/feed/"), limits=Limits(timeout=1, accept=JSON))
    assert server.seen("/feed/")[-1].headers["accept"] == "application/json"
    fetch(server.url("/feed/"), limits=QUICK)
    assert "application/rss+xml" in server.seen("/feed/")[-1].headers["accept"]


def test_an_error_answer_keeps_its_body_capped(monkeypatch):
    loopback_only(monkeypatch)
    reason = b'{"error":"NotFound","message":"Post not found"}'
    routes = {
        "/missing/": Route(status=400, body=reason, content_type=JSON),
        "/huge-error/": Route(status=500, body=b"x" * (ERROR_BODY_BYTES + 1)),
    }
    with FeedServer(routes) as server:
        with pytest.raises(FetchError) as missing:
            fetch(server.url("/missing/"), limits=QUICK)
        with pytest.raises(FetchError) as huge:
            fetch(server.url("/huge-error/"), limits=QUICK)
    assert (missing.value.status, missing.value.body) == (400, reason)
    assert (huge.value.status, huge.value.body) == (500, b"")
