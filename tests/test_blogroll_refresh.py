"""Refreshing the cache: conditional GET, stale fallback, 410, refresh periods."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from blogroll_server import FeedServer, Route, loopback_only
from conftest import FIXTURES

from plugins.blogroll import cache
from plugins.blogroll.config import DEFAULTS, Blog, blogroll_settings
from plugins.blogroll.refresh import refresh

FEEDS = FIXTURES / "blogroll"
RSS = (FEEDS / "wordpress_rss.xml").read_bytes()
ATOM = (FEEDS / "wordpress_atom.xml").read_bytes()
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    loopback_only(monkeypatch)


@pytest.fixture
def server():
    with FeedServer({"/rss/": Route(body=RSS), "/atom/": Route(body=ATOM)}) as running:
        yield running


@pytest.fixture
def options(tmp_path):
    return blogroll_settings(
        {"BLOGROLL_SETTINGS": {"cache_path": str(tmp_path / "cache"), "timeout": 2}}
    )


def blog(server, path, **extra):
    return Blog(
        name=f"Blog at {path}",
        url=server.url("/"),
        feed=server.url(path),
        timeout=2,
        **extra,
    )


def test_first_fetch_stores_entries_and_the_second_is_a_304(server, options):
    blogs = [blog(server, "/rss/"), blog(server, "/atom/")]
    first = refresh(blogs, options, now=NOW)
    assert [(o.kind, o.status) for o in first] == [("updated", 200), ("updated", 200)]
    state = cache.load(options["cache_path"], blogs[0])
    assert state.etag == '"v1"'
    assert state.last_ok == NOW.isoformat()
    assert [e.title for e in state.entries] == ["Stairs & small wins", "A quiet week"]
    second = refresh(blogs, options, now=NOW + timedelta(hours=2))
    assert [(o.kind, o.body_bytes) for o in second] == [("not-modified", 0)] * 2
    assert [seen.body_bytes for seen in server.seen("/rss/")] == [len(RSS), 0]
    after = cache.load(options["cache_path"], blogs[0])
    assert after.entries == state.entries
    assert after.first_seen == state.first_seen


def test_a_feed_fetched_recently_is_not_fetched_again_unless_forced(server, options):
    blogs = [blog(server, "/rss/", refresh=3600)]
    refresh(blogs, options, now=NOW)
    soon = refresh(blogs, options, now=NOW + timedelta(minutes=10))
    assert [o.kind for o in soon] == ["fresh"]
    assert len(server.seen("/rss/")) == 1
    forced = refresh(blogs, options, now=NOW + timedelta(minutes=10), force=True)
    assert [o.kind for o in forced] == ["not-modified"]


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(status=500, body=b"x"), "HTTP 500"),
        (Route(behaviour="hang"), "within 1 s"),
        (Route(behaviour="reset"), "connection"),
        (
            Route(
                body=(FEEDS / "html_page_instead_of_feed.html").read_bytes(),
                etag=None,
                last_modified=None,
            ),
            "HTML",
        ),
        (Route(body=b"", etag='"v2"'), "empty answer"),
    ],
    ids=["500", "hang", "reset", "html", "empty"],
)
def test_a_failure_keeps_the_last_good_entries(server, options, route, reason):
    blogs = [blog(server, "/rss/")]
    refresh(blogs, options, now=NOW)
    good = cache.load(options["cache_path"], blogs[0]).entries
    server.routes["/rss/"] = route
    later = NOW + timedelta(days=1)
    broken = [Blog(**{**blogs[0].__dict__, "timeout": 1})]
    outcome = refresh(broken, options, now=later, force=True)[0]
    assert outcome.kind == "failed"
    assert reason in outcome.message
    state = cache.load(options["cache_path"], blogs[0])
    assert state.entries == good
    assert (state.failures, state.failing_since, state.last_ok) == (
        1,
        later.isoformat(),
        NOW.isoformat(),
    )
    assert reason in state.last_error
    again = refresh(broken, options, now=later + timedelta(days=1), force=True)[0]
    assert again.kind == "failed"
    state = cache.load(options["cache_path"], blogs[0])
    assert (state.failures, state.failing_since) == (2, later.isoformat())
    server.routes["/rss/"] = Route(body=RSS, etag='"v3"')
    assert refresh(broken, options, now=later + timedelta(days=2))[0].kind == "updated"
    state = cache.load(options["cache_path"], blogs[0])
    assert (state.failures, state.failing_since, state.last_error) == (0, None, None)


def test_410_marks_the_feed_gone_and_it_is_not_asked_again(server, options):
    server.routes["/gone/"] = Route(status=410, body=b"gone")
    blogs = [blog(server, "/gone/")]
    assert refresh(blogs, options, now=NOW)[0].kind == "gone"
    assert cache.load(options["cache_path"], blogs[0]).gone
    skipped = refresh(blogs, options, now=NOW + timedelta(days=1))[0]
    assert (skipped.kind, len(server.seen("/gone/"))) == ("gone", 1)
    refresh(blogs, options, now=NOW + timedelta(days=1), force=True)
    assert len(server.seen("/gone/")) == 2


def test_a_permanent_redirect_is_reported(server, options):
    server.routes["/old/"] = Route(status=301, location="/rss/")
    outcome = refresh([blog(server, "/old/")], options, now=NOW)[0]
    assert outcome.kind == "updated"
    assert outcome.moved_to == server.url("/rss/")
    assert "moved permanently to" in outcome.message


def test_an_empty_feed_keeps_the_last_posts(server, options):
    blogs = [blog(server, "/rss/")]
    refresh(blogs, options, now=NOW)
    server.routes["/rss/"] = Route(
        body=b'<rss version="2.0"><channel><title>t</title></channel></rss>',
        etag='"empty"',
    )
    outcome = refresh(blogs, options, now=NOW, force=True)[0]
    assert "the last 2 kept" in outcome.message
    assert len(cache.load(options["cache_path"], blogs[0]).entries) == 2


def test_a_blog_without_a_feed_is_not_fetched(options):
    outcome = refresh([Blog("No feed", "https://nofeed.example/", None)], options)[0]
    assert outcome.kind == "no-feed"
    assert outcome.worked


def test_an_unreadable_cache_file_is_moved_aside_not_lost(server, options):
    blogs = [blog(server, "/rss/")]
    path = cache.cache_file(options["cache_path"], blogs[0])
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert refresh(blogs, options, now=NOW)[0].kind == "updated"
    assert path.with_suffix(".json.unreadable").read_text() == "{not json"
    assert json.loads(path.read_text())["etag"] == '"v1"'


def test_settings_are_merged_per_key_and_bad_ones_reported(caplog):
    merged = blogroll_settings(
        {"BLOGROLL_SETTINGS": {"timeout": -1, "refresh": "6h", "colour": "red"}}
    )
    assert merged["timeout"] == DEFAULTS["timeout"]
    assert merged["refresh"] == 6 * 3600
    assert merged["deadline"] == DEFAULTS["deadline"]
    assert "colour" not in merged
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "blogroll: BLOGROLL_SETTINGS['colour']: unknown setting; known: "
        + ", ".join(DEFAULTS),
        "blogroll: BLOGROLL_SETTINGS['timeout']: must be a number above 0, got -1",
    ]
