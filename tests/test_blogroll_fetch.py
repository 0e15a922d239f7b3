"""Fetching feeds from real servers on 127.0.0.1 that behave well and badly."""

import tracemalloc

import pytest
from blogroll_server import GIGABYTE, FeedServer, Route, loopback_only
from conftest import FIXTURES

from plugins.common.http import FetchError, Job, Limits, fetch, fetch_all

RSS = (FIXTURES / "blogroll" / "wordpress_rss.xml").read_bytes()
QUICK = Limits(timeout=1.0, max_bytes=200_000, max_decompressed=1_000_000)


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    loopback_only(monkeypatch)


@pytest.fixture
def server():
    routes = {
        "/feed/": Route(body=RSS),
        "/modified-only/": Route(body=RSS, etag=None),
        "/gzip/": Route(body=RSS, behaviour="gzip"),
        "/hang/": Route(behaviour="hang"),
        "/trickle/": Route(behaviour="trickle"),
        "/reset/": Route(behaviour="reset"),
        "/500/": Route(status=500, body=b"oops", content_type="text/plain"),
        "/410/": Route(status=410, body=b"gone", content_type="text/plain"),
        "/loop/a": Route(status=302, location="/loop/b"),
        "/loop/b": Route(status=302, location="/loop/a"),
        "/moved/": Route(status=301, location="/moved-again/"),
        "/moved-again/": Route(status=308, location="/feed/"),
        "/temporary/": Route(status=302, location="/feed/"),
        "/to-ftp/": Route(status=301, location="ftp://127.0.0.1/feed"),
        "/bomb/": Route(behaviour="bomb"),
        "/huge/": Route(body=b"x" * 300_000),
        "/bad-gzip/": Route(
            body=b"not gzip at all", headers={"Content-Encoding": "gzip"}
        ),
        "/brotli/": Route(body=b"....", headers={"Content-Encoding": "br"}),
    }
    with FeedServer(routes) as running:
        yield running


def test_conditional_get_second_fetch_is_304_with_no_body(server):
    first = fetch(server.url("/feed/"), limits=QUICK)
    assert (first.status, first.body, first.headers["etag"]) == (200, RSS, '"v1"')
    second = fetch(
        server.url("/feed/"),
        first.headers["etag"],
        first.headers["last-modified"],
        QUICK,
    )
    assert (second.status, second.body) == (304, b"")
    sent = server.seen("/feed/")[1]
    assert sent.headers["if-none-match"] == '"v1"'
    assert sent.headers["if-modified-since"] == "Mon, 16 Mar 2026 09:00:00 GMT"
    assert (sent.status, sent.body_bytes) == (304, 0)


def test_conditional_get_with_last_modified_only(server):
    first = fetch(server.url("/modified-only/"), limits=QUICK)
    assert "etag" not in first.headers
    again = fetch(
        server.url("/modified-only/"), None, first.headers["last-modified"], QUICK
    )
    assert again.status == 304
    assert server.seen("/modified-only/")[1].body_bytes == 0


def test_gzip_bodies_are_decompressed(server):
    response = fetch(server.url("/gzip/"), limits=QUICK)
    assert response.body == RSS
    assert server.seen("/gzip/")[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("path", "kind", "status", "message"),
    [
        ("/hang/", "timeout", None, "answer within 1 s"),
        ("/trickle/", "timeout", None, "within 1 s"),
        ("/reset/", "connection", None, "connection"),
        ("/500/", "http", 500, "HTTP 500 Internal Server Error"),
        ("/404/", "http", 404, "HTTP 404 Not Found"),
        ("/410/", "gone", 410, "410 Gone"),
        ("/loop/a", "redirect-loop", 302, "redirect loop"),
        ("/to-ftp/", "http", 301, "non-web address"),
        ("/huge/", "too-big", None, "300000 bytes is over the cap"),
        ("/bad-gzip/", "bad-encoding", None, "corrupt"),
        ("/brotli/", "bad-encoding", None, "unsupported Content-Encoding 'br'"),
    ],
)
def test_each_failure_is_a_fetch_error_with_a_reason(
    server, path, kind, status, message
):
    with pytest.raises(FetchError, match=message) as failed:
        fetch(server.url(path), limits=QUICK)
    assert (failed.value.kind, failed.value.status) == (kind, status)


def test_a_refused_connection_and_a_bad_address(server):
    port = server.httpd.server_address[1]
    server.__exit__(None, None, None)
    with pytest.raises(FetchError, match="connection refused"):
        fetch(f"http://127.0.0.1:{port}/feed/", limits=QUICK)
    with pytest.raises(FetchError) as failed:
        fetch("file:///etc/passwd", limits=QUICK)
    assert failed.value.kind == "bad-address"


def test_too_many_redirects(server):
    with pytest.raises(FetchError, match="more than 1 redirects"):
        fetch(server.url("/moved/"), limits=Limits(timeout=1, max_redirects=1))


def test_permanent_redirects_are_reported_and_temporary_ones_not(server):
    moved = fetch(server.url("/moved/"), limits=QUICK)
    assert (moved.status, moved.body) == (200, RSS)
    assert moved.moved_to == server.url("/feed/")
    assert [hop[0] for hop in moved.redirects] == [301, 308]
    assert fetch(server.url("/temporary/"), limits=QUICK).moved_to is None


def test_a_gzip_bomb_stops_at_the_cap_without_eating_memory(server):
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="once decompressed") as failed:
            fetch(server.url("/bomb/"), limits=QUICK)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert failed.value.kind == "too-big"
    assert peak < 20_000_000  # the body would be 1 GB; the cap is 1 MB
    assert server.seen("/bomb/")[0].body_bytes < GIGABYTE // 100


def test_fetch_all_runs_feeds_at_once_and_bounds_the_total(server):
    jobs = [
        Job("good", server.url("/feed/"), limits=QUICK),
        Job("gzip", server.url("/gzip/"), limits=QUICK),
        Job("hang", server.url("/hang/"), limits=Limits(timeout=30)),
    ]
    seen = []
    results = fetch_all(
        jobs, concurrency=3, deadline_seconds=1, on_result=lambda k, r: seen.append(k)
    )
    assert results["good"].body == RSS
    assert results["gzip"].body == RSS
    assert isinstance(results["hang"], FetchError)
    assert results["hang"].kind in ("timeout", "deadline")
    assert sorted(seen) == ["good", "gzip", "hang"]


def test_fetch_all_reports_jobs_still_running_at_the_deadline(server):
    def stuck(job, deadline):
        server.stop.wait(30)

    results = fetch_all(
        [Job("stuck", "http://127.0.0.1/")], deadline_seconds=0.2, work=stuck
    )
    assert results["stuck"].kind == "deadline"


def test_fetch_all_turns_a_bug_into_one_failed_feed():
    def broken(job, deadline):
        raise KeyError("bug")

    results = fetch_all([Job("a", "http://127.0.0.1/")], work=broken)
    assert results["a"].kind == "error"
    assert "KeyError" in str(results["a"])


def test_the_tests_never_fetch_from_a_real_host():
    with pytest.raises(FetchError, match="not in") as blocked:
        fetch("https://www.kittomalley.com/feed/", limits=QUICK)
    assert blocked.value.kind == "blocked"
