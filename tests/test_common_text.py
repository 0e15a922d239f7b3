"""Shared text services: what XML can carry, and the plain text of HTML."""

import pytest

from plugins.common.text import plain_text, truncate, xml_safe


@pytest.mark.parametrize(
    ("markup", "limit", "text"),
    [
        ("<p>One</p><p>two &amp; <em>three</em></p>", None, "One two & three"),
        ("<p>a</p>\n<p>b</p>", None, "a b"),
        ("<style>p{}</style>x &amp; y", None, "x & y"),
        ("<script>alert(1)</script>safe", None, "safe"),
        ("a&lt;script&gt;b", None, "a<script>b"),  # plain text: templates escape it
        ("word " * 100, 240, ("word " * 47).strip() + "…"),
        ("bell\x07 del\x7f nul\x00", None, "bell del nul"),
        ("", None, ""),
        (None, None, ""),
    ],
)
def test_plain_text(markup, limit, text):
    assert plain_text(markup, limit) == text


def test_truncate_keeps_short_text_and_cuts_a_long_word_hard():
    assert truncate("short", 10) == "short"
    assert truncate("a " + "x" * 30, 10) == "a xxxxxxx…"
    assert truncate("one two three", 9) == "one two…"
    assert truncate("anything", None) == "anything"


def test_xml_safe_drops_only_what_xml_forbids():
    assert xml_safe("a\x00b\x0bc\ud800d\ufffee\tf\ng\r") == "abcde\tf\ng\r"
