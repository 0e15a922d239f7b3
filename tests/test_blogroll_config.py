"""BLOGROLL entries and their per-blog options: one precise problem per bad key."""

import pytest

from plugins.blogroll.config import DEFAULTS, blogroll_settings, duration, read_blogroll

OPTIONS = blogroll_settings({})
BASE = {"name": "A", "url": "https://a.example/", "feed": "https://a.example/feed/"}


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (90, 90),
        ("45s", 45),
        ("30min", 1800),
        ("6h", 21600),
        ("1d", 86400),
        (" 2 h ", 7200),
    ],
)
def test_duration(value, seconds):
    assert duration(value) == seconds


@pytest.mark.parametrize("value", ["soon", "-1h", -5, True, "1w", None])
def test_duration_refuses(value):
    with pytest.raises(ValueError):
        duration(value)


def test_per_blog_options_override_the_defaults():
    blogs, problems = read_blogroll(
        [dict(BASE, refresh="6h", entries=5, timeout=20, tagline="  Hi  ")], OPTIONS
    )
    assert problems == []
    blog = blogs[0]
    assert (blog.refresh, blog.entries, blog.timeout, blog.tagline) == (
        21600,
        5,
        20,
        "Hi",
    )
    default = read_blogroll([BASE], OPTIONS)[0][0]
    assert (default.refresh, default.entries, default.timeout) == (
        3600,
        DEFAULTS["entries"],
        DEFAULTS["timeout"],
    )


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ({"refresh": "soon"}, "refresh: must be like 30min, 6h, 1d, got 'soon'"),
        ({"entries": 0}, "entries: must be a number above 0, got 0"),
        ({"timeout": True}, "timeout: must be a number above 0, got True"),
        ({"tagline": 3}, "tagline: must be a text, got 3"),
    ],
)
def test_a_bad_option_is_reported_and_its_default_stands(extra, problem):
    blogs, problems = read_blogroll([dict(BASE, **extra)], OPTIONS)
    assert problems == [f"BLOGROLL[0] (A): {problem}"]
    assert blogs[0].name == "A"
    assert blogs[0].refresh == 3600
    assert blogs[0].entries == DEFAULTS["entries"]


def test_the_same_feed_twice_and_a_blogroll_that_is_not_a_list():
    blogs, problems = read_blogroll([BASE, dict(BASE, name="B")], OPTIONS)
    assert [b.name for b in blogs] == ["A"]
    assert problems == ["BLOGROLL[1] (B): feed: listed twice; the first one is kept"]
    assert read_blogroll("nope", OPTIONS) == (
        [],
        ["BLOGROLL must be a list of dicts, got str"],
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("not a dict", "BLOGROLL_SETTINGS must be a dict; using defaults"),
        ({"max_redirects": -1}, "['max_redirects']: must be a whole number"),
        ({"cache_path": ""}, "['cache_path']: must be a non-empty text"),
        ({"refresh": "later"}, "['refresh']: must be seconds or like 30min"),
    ],
)
def test_bad_settings_fall_back_to_defaults(caplog, given, message):
    merged = blogroll_settings({"BLOGROLL_SETTINGS": given})
    assert merged["max_redirects"] == DEFAULTS["max_redirects"]
    assert merged["cache_path"] == DEFAULTS["cache_path"]
    assert merged["refresh"] == 3600
    assert message in caplog.text
