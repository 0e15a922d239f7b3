"""Rendering comment bodies, and the fast paths held to the slow ones."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.comments.render import (
    _markdown,
    clean_html,
    render_body,
    safe_url,
)
from plugins.comments.store import Comment, comment_text
from plugins.common.front_matter import (
    load_simple,
    load_yaml,
    split_front_matter,
)
from plugins.common.text import plain_text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])))
def test_plain_bodies_render_as_markdown_would(text):
    slow = clean_html(_markdown.render(render_input(text)))
    assert render_body(text) == slow


PIECES = st.one_of(
    st.sampled_from([" ", "\n", "\n\n", "  ", ".", ",", "!", "(", ")", "'", "-"]),
    st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True),
    st.from_regex(r"\*[A-Za-z0-9 ]{1,8}\*", fullmatch=True),
    st.from_regex(r"\[[A-Za-z0-9 ]{1,8}\]\(", fullmatch=True).map(
        lambda text: text + "https://ex.org/a_b-c.d/E)"
    ),
    st.from_regex(
        r"\[[a-z ]{1,4}\]\((https?|ftp|javascript)://[a-z0-9.-]{0,6}[/._A-Z-]{0,4}\)",
        fullmatch=True,
    ),
    st.sampled_from(["*", "**", "[", "]", "![a](http://b)", "\\", "<", "&", "1. "]),
)


@given(st.lists(PIECES, max_size=14).map("".join))
def test_simple_emphasis_and_links_render_as_markdown_would(text):
    slow = clean_html(_markdown.render(render_input(text)))
    assert render_body(text) == slow


def render_input(text):
    """What render_body hands to markdown-it."""
    from plugins.comments.render import _CONTROL, _NEWLINES

    return _NEWLINES.sub("\n", _CONTROL.sub("", text)).strip()


@given(
    author=st.text(max_size=40),
    url=st.one_of(st.none(), st.text(max_size=30)),
    email=st.one_of(st.none(), st.text(max_size=30)),
    minutes=st.integers(min_value=0, max_value=10**7),
    writer=st.booleans(),
)
def test_stored_comments_are_read_without_pyyaml(author, url, email, minutes, writer):
    comment = Comment(
        id="wp-1",
        post="p",
        author=author,
        date=datetime(2000, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes),
        body="Hi.",
        url=url,
        email=email,
        replyto="wp-0",
        author_is_writer=writer,
    )
    front, _line, _body, _body_line = split_front_matter(comment_text(comment))
    fast = load_simple(front)
    if all((text or "").isprintable() for text in (author, url, email)):
        assert fast is not None  # escapes only for what is not printable
    if fast is not None:
        assert fast == load_yaml(front)


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Hello **you**", "<p>Hello <strong>you</strong></p>\n"),
        (
            "[site](https://a.example/)",
            '<p><a href="https://a.example/" rel="nofollow ugc">site</a></p>\n',
        ),
        ("[bad](javascript:alert(1))", "<p>[bad](javascript:alert(1))</p>\n"),
        ('<a href="javascript:x()">x</a>', "<p><a>x</a></p>\n"),
        ("<script>alert(1)</script>", ""),
        ('<p onclick="x()">hi</p>', "<p>hi</p>"),
        ("Just text.\n\nTwo  \nlines", "<p>Just text.</p>\n<p>Two<br>\nlines</p>\n"),
    ],
)
def test_bodies_are_rendered_and_cleaned(markdown, html):
    assert render_body(markdown) == html


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("http://a.example", "http://a.example"),
        ("javascript:alert(1)", None),
        (" java\tscript:alert(1)", None),
        ("data:text/html,hi", None),
        ("//a.example/", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
        # what no URL may hold is percent-encoded; the rest is kept as written
        ('https://a.example/"onmouseover="x', "https://a.example/%22onmouseover=%22x"),
        ("https://a.example/<b>{|}^`\\", "https://a.example/%3Cb%3E%7B%7C%7D%5E%60%5C"),
        ("https://a.example/100%/%41", "https://a.example/100%25/%41"),
        ("https://bücher.example/straße", "https://bücher.example/straße"),
    ],
)
def test_only_web_addresses_are_kept(url, kept):
    assert safe_url(url) == kept


def test_names_are_plain_text():
    assert plain_text("<b>Sam</b> &amp; <script>x</script>Jo\x07") == "Sam & Jo"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a title="t" href="javascript:alert(1)">x</a>', '<a title="t">x</a>'),
        (
            '<a href="https://e.org/" title="t">y</a>',
            '<a href="https://e.org/" title="t" rel="nofollow ugc">y</a>',
        ),
    ],
    ids=["dropped address", "dropped address, a title", "kept address"],
)
def test_a_link_whose_address_is_dropped_keeps_no_rel(html, expected):
    assert clean_html(html) == expected
