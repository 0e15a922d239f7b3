"""Comment bodies and names made safe to publish; no Pelican here.

A body is Markdown, rendered, then cleaned with an allowlist (nh3): no
script, no event attributes, no style, only http, https and mailto links,
and every link gets ``rel="nofollow ugc"``. Names and addresses are plain
text: templates escape them.
"""

import html
import re
from urllib.parse import urlsplit

import nh3
from markdown import Markdown

TAGS = {
    "p",
    "br",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_BODY = 20_000  # characters rendered; a longer comment is cut
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_markdown = Markdown(output_format="html")


def render_body(text):
    """Markdown ``text`` as clean HTML."""
    _markdown.reset()
    rendered = _markdown.convert(_CONTROL.sub("", text[:MAX_BODY]))
    return clean_html(rendered)


def clean_html(markup):
    """``markup`` through the allowlist; links get rel="nofollow ugc"."""
    return nh3.clean(
        markup,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
        strip_comments=True,
    )


def plain_text(markup, limit=200):
    """Text with any tags removed and entities read, on one line."""
    text = html.unescape(nh3.clean(str(markup), tags=set()))
    return " ".join(_CONTROL.sub("", text).split())[:limit]


def safe_url(url):
    """``url`` if it is an http(s) address, else None (no javascript:)."""
    if not url:
        return None
    text = "".join(str(url).split())
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text
