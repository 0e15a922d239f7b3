"""The search index: a small, public-only summary of every post, as a script.

``build_index`` turns posts (plain values, no Pelican objects) into entries;
``index_script`` writes them as a JavaScript file that assigns one global, so
the search page works from a plain file server and from ``file://`` (a
``fetch()`` of JSON would not). Everything here comes from what the reader
already let through: private items and drafts never reach it.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup

from plugins.common.text import plain_text

DEFAULTS = {
    "index": "search/search-index.js",  # where the index is written in the output
    "text_length": 600,  # characters of each post's text kept for matching
    "variable": "SEARCH_INDEX",  # the global the index script assigns
}
MAX_TEXT_LENGTH = 20_000
_VARIABLE = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


@dataclass(frozen=True)
class IndexedPost:
    """What the index needs from one post."""

    title: str
    url: str
    date: datetime
    html: str = ""
    tags: tuple = ()
    sites: tuple = ()
    date_text: str = ""


@dataclass
class SearchConfig:
    index: str
    text_length: int
    variable: str
    problems: list = field(default_factory=list)


def read_config(settings):
    """Merge ``settings`` (the SEARCH dict) over DEFAULTS; list each bad key.

    A bad value falls back to its default, so a typo never stops the build.
    """
    merged = dict(DEFAULTS, **(settings or {}))
    problems = [f"unknown setting {key!r}" for key in merged if key not in DEFAULTS]
    index = merged["index"]
    if not (
        isinstance(index, str)
        and index.endswith(".js")
        and not index.startswith("/")
        and ".." not in index.split("/")
    ):
        problems.append(f"index must be a relative path ending in .js, got {index!r}")
        index = DEFAULTS["index"]
    length = merged["text_length"]
    if not (
        isinstance(length, int)
        and not isinstance(length, bool)
        and 0 <= length <= MAX_TEXT_LENGTH
    ):
        problems.append(
            f"text_length must be a whole number 0 to {MAX_TEXT_LENGTH}, got {length!r}"
        )
        length = DEFAULTS["text_length"]
    variable = merged["variable"]
    if not (isinstance(variable, str) and _VARIABLE.match(variable)):
        problems.append(f"variable must be a JavaScript name, got {variable!r}")
        variable = DEFAULTS["variable"]
    return SearchConfig(index, length, variable, problems)


def label(text):
    """A title or tag as the theme shows it (Jinja's ``striptags``)."""
    return Markup(text or "").striptags()


def entry(post, text_length):
    """One post as a dict of plain strings, ready for JSON."""
    return {
        "title": label(post.title),
        "url": post.url,
        "date": post.date.strftime("%Y-%m-%d"),
        "date_text": post.date_text or post.date.strftime("%Y-%m-%d"),
        "tags": [label(tag) for tag in post.tags],
        "sites": sorted({label(site) for site in post.sites if site}),
        "text": plain_text(post.html, text_length),
    }


def build_index(posts, text_length=DEFAULTS["text_length"]):
    """Entries for ``posts``, newest first (ties broken by address)."""
    ordered = sorted(posts, key=lambda post: post.url)
    ordered.sort(key=lambda post: post.date, reverse=True)
    return [entry(post, text_length) for post in ordered]


def index_script(entries, variable=DEFAULTS["variable"]):
    """The index as a script: ``window.NAME = [...];``, in UTF-8.

    ``<``, U+2028 and U+2029 are escaped, so nothing can end the script or a
    string early; other text stays as written, so the privacy scan of the
    output (``invoke publish``) reads it like any page. The search page shows
    the values with ``textContent``, never as HTML.
    """
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    for char in ("<", "\u2028", "\u2029"):
        data = data.replace(char, f"\\u{ord(char):04x}")
    return f"window.{variable} = {data};\n"
