"""What other plugins add to the main feeds, through the signals of plugins/common."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from conftest import FIXTURES, build_site

from plugins.common.signals import (
    FEED_NAMESPACES,
    FeedElement,
    feed_item_content,
    feed_item_extras,
)

POSTS = sorted((FIXTURES / "comments" / "posts").glob("*.md"))
TEST_NS = "https://example.org/ns/test"


def summary_extra(item, kind):
    """What another plugin would add: a plain-text line per post."""
    return [FeedElement("test:summary", f"{kind}: {item.title}")]


def closing_words(item, site_url):
    return f"<p>Read at {site_url}.</p>"


@pytest.fixture
def connected(monkeypatch):
    monkeypatch.setitem(FEED_NAMESPACES, "test", TEST_NS)
    feed_item_extras.connect(summary_extra)
    feed_item_extras.connect(summary_extra)  # twice is once
    feed_item_content.connect(closing_words)
    yield
    feed_item_extras.disconnect(summary_extra)
    feed_item_content.disconnect(closing_words)


def test_connected_elements_reach_every_item_of_both_kinds(tmp_path, connected):
    site = build_site(tmp_path, POSTS)
    for name, kind in (("all.atom.xml", "atom"), ("all.rss.xml", "rss")):
        raw = (site.output / "feeds" / name).read_bytes()
        parsed = feedparser.parse(raw)
        assert not parsed.bozo
        found = [e.text for e in ET.fromstring(raw).iter(f"{{{TEST_NS}}}summary")]
        assert sorted(found) == [f"{kind}: Cold floors", f"{kind}: Stairs again"]
        for entry in parsed.entries:
            html = entry.content[0].value if "content" in entry else entry.summary
            assert html.endswith("<p>Read at http://127.0.0.1:8000.</p>")


def test_nothing_is_added_once_disconnected(tmp_path):
    site = build_site(tmp_path, POSTS)
    raw = (site.output / "feeds" / "all.atom.xml").read_bytes()
    assert not list(ET.fromstring(raw).iter(f"{{{TEST_NS}}}summary"))
    assert b"Read at" not in raw
