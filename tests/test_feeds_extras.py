"""The feeds plugin's extension point: per-item elements other plugins add."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from conftest import FIXTURES, build_site

from plugins.feeds import extras
from plugins.feeds.extras import Element, register_item_extra, register_namespace

POSTS = sorted((FIXTURES / "comments" / "posts").glob("*.md"))
TEST_NS = "https://example.org/ns/test"


def summary_extra(item, kind):
    """What another plugin would add: a plain-text line per post."""
    return [Element("test:summary", f"{kind}: {item.title}")]


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(extras, "ITEM_EXTRAS", list(extras.ITEM_EXTRAS))
    monkeypatch.setattr(extras, "NAMESPACES", dict(extras.NAMESPACES))
    register_namespace("test", TEST_NS)
    register_item_extra(summary_extra)
    register_item_extra(summary_extra)  # twice is once


def test_registered_elements_reach_every_item_of_both_kinds(tmp_path, registered):
    site = build_site(tmp_path, POSTS)
    for name, kind in (("all.atom.xml", "atom"), ("all.rss.xml", "rss")):
        raw = (site.output / "feeds" / name).read_bytes()
        assert not feedparser.parse(raw).bozo
        found = [e.text for e in ET.fromstring(raw).iter(f"{{{TEST_NS}}}summary")]
        assert sorted(found) == [f"{kind}: Cold floors", f"{kind}: Stairs again"]


def test_a_namespace_prefix_cannot_change_meaning(registered):
    register_namespace("test", TEST_NS)  # the same again is fine
    with pytest.raises(ValueError, match="already"):
        register_namespace("test", "https://example.org/other")
