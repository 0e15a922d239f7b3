"""Feed bytes -> plain-text entries: one fixture feed per behaviour.

Each file in tests/fixtures/blogroll/ carries its expectation in a comment at
the top: ``Expect: <a Python expression over feed>`` (the ``ParsedFeed``), or
``Expect: NotAFeed: <part of the reason>``.
"""

import re
from datetime import UTC, datetime

import pytest
from conftest import FIXTURES

from plugins.blogroll.entries import (
    Entry,
    NotAFeed,
    absolute_link,
    deduplicate,
    normalised_link,
    parse_feed,
)

FEEDS = sorted((FIXTURES / "blogroll").glob("*.*"))
EXPECT = re.compile(rb"<!-- Expect: (.*?) -->", re.DOTALL)
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def expectation(path):
    return EXPECT.search(path.read_bytes()).group(1).decode("utf-8")


@pytest.mark.parametrize("path", FEEDS, ids=[p.name for p in FEEDS])
def test_fixture_feed_parses_as_its_comment_expects(path):
    expected = expectation(path)
    url = "http://127.0.0.1/feeds/" + path.name
    if expected.startswith("NotAFeed: "):
        with pytest.raises(
            NotAFeed, match=re.escape(expected.removeprefix("NotAFeed: "))
        ):
            parse_feed(path.read_bytes(), url, now=NOW)
        return
    feed = parse_feed(path.read_bytes(), url, now=NOW)
    assert eval(expected, {"feed": feed, "NOW": NOW}), (expected, feed)


def test_an_entry_without_dates_keeps_the_date_it_was_first_seen():
    body = (FIXTURES / "blogroll" / "missing_title_date_link.xml").read_bytes()
    first = parse_feed(body, "http://127.0.0.1/f", now=NOW)
    seen = {entry.id: entry.date for entry in first.entries}
    later = parse_feed(
        body, "http://127.0.0.1/f", now=NOW.replace(day=25), first_seen=seen
    )
    assert [e.date for e in later.entries] == [e.date for e in first.entries]


@pytest.mark.parametrize(
    ("value", "link"),
    [
        ("/a/", "https://blog.example/a/"),
        ("b", "https://blog.example/feed/b"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("  ", None),
        ("https://other.example/x y", None),
    ],
)
def test_absolute_link(value, link):
    assert absolute_link(value, "https://blog.example/feed/") == link


def test_normalised_link_ignores_scheme_case_and_trailing_slash():
    assert normalised_link("http://Blog.Example/a/") == normalised_link(
        "https://blog.example/a#top"
    )
    assert normalised_link("https://blog.example/a/?p=1") != normalised_link(
        "https://blog.example/a/"
    )


def test_deduplicate_keeps_the_first_of_each():
    def entry(entry_id, link):
        return Entry(entry_id, entry_id, link, "2026-03-01", "published", "", "")

    kept = deduplicate(
        [entry("1", "https://x.example/a"), entry("1", None), entry("2", None)]
    )
    assert [e.id for e in kept] == ["1", "2"]
