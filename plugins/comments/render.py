"""Comment bodies and names made safe to publish; no Pelican here.

A body is Markdown (CommonMark, through markdown-it), rendered, then cleaned
with an allowlist (nh3): no script, no event attributes, no style, only
http, https and mailto links, and every link gets ``rel="nofollow ugc"``.
Names and addresses are plain text: templates escape them. A rendered body
is ``Markup``: the theme (autoescape on) shows it as it is. A body stored
with ``format: html`` (an importer's HTML, paragraphs already made) is never
read as Markdown: it goes through the same allowlist alone.

Most comments are plain sentences. A body with no character that Markdown
gives a meaning to is written as escaped paragraphs directly: the same HTML
markdown-it gives (a test holds the two together), without its cost. Most of
the others only have *emphasised words* and [words](https://plain.address/):
those are written directly too, then cleaned by the same allowlist (another
test holds them to markdown-it).
"""

import html
import re
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {  # what WordPress lets commenters write, and what Markdown makes
    "p",
    "br",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "del",
    "s",
    "q",
    "cite",
    "abbr",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "details",  # a Mastodon reply's content warning, its text folded under it
    "summary",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_BODY = 20_000  # characters rendered; a longer comment is cut
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What no URL may hold as it is (WHATWG URL; the Nu checker reports each).
_NOT_IN_URLS = re.compile(r'[\x00-\x1f\x7f"<>`{}|\\^]|%(?![0-9A-Fa-f]{2})')
# nh3 writes an <a>'s attributes in the order allowed: href, title, rel.
_REL_WITHOUT_HREF = re.compile(r'<a((?: title="[^"]*")?) rel="nofollow ugc">')
_markdown = MarkdownIt("commonmark", {"html": True})
# Characters and line starts that can mean something in CommonMark.
_MARKUP = re.compile(
    r"[\\`*_\[\]<>&#|~=\t-]|^ {4}|^ *(?:\d+[.)]|[+>])| {2,}$", re.MULTILINE
)
# Letters, digits, plain punctuation, spaces and newlines: nothing to escape
# or to turn into an entity, and no space that CommonMark and Python see apart.
_PLAIN = re.compile(r"[\w \n.,;:'\"?!()/@%$£€+-]*")
_NEWLINES = re.compile(r"\r\n?")
# *Plain words* and [plain words](http(s) address of plain characters), each
# between spaces, line ends or (after) plain punctuation: nothing CommonMark
# could read another way.
_WORDS = r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*"
_AFTER = r"(?=[ \n.,;:!?]|$)"
_EMPHASIS = re.compile(rf"(?<![^ \n])\*({_WORDS})\*{_AFTER}")
_LINK = re.compile(
    rf"(?<![^ \n])\[({_WORDS})\]\((https?://[a-z0-9.-]+(?:/[A-Za-z0-9._/-]*)?)\){_AFTER}"
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def render_body(text, format="markdown"):
    """Markdown (or, with ``format="html"``, HTML) ``text`` as clean HTML
    (``Markup``)."""
    text = _NEWLINES.sub("\n", _CONTROL.sub("", text[:MAX_BODY])).strip()
    if format == "html":
        return Markup(clean_html(text))
    if _is_plain(text):
        return Markup(plain_paragraphs(text))
    if _is_plain(_LINK.sub("x", _EMPHASIS.sub("x", text))):
        return Markup(clean_html(plain_paragraphs(text, inline=_simple_inline)))
    return Markup(clean_html(_markdown.render(text)))


def _is_plain(text):
    return _PLAIN.fullmatch(text) is not None and not _MARKUP.search(text)


def _simple_inline(text):
    """Escaped ``text`` with its simple emphasis and links as HTML."""
    text = _EMPHASIS.sub(r"<em>\1</em>", html.escape(text, quote=False))
    return _LINK.sub(r'<a href="\2">\1</a>', text)


def plain_paragraphs(text, inline=None):
    """Text with no Markdown in it as ``<p>`` paragraphs, escaped.

    ``inline`` (escaping and more) is applied to each paragraph instead.
    """
    inline = inline or _escaped
    paragraphs = (part.strip() for part in _BLANK_LINES.split(text))
    lines = (
        "\n".join(line.strip() for line in part.split("\n"))
        for part in paragraphs
        if part
    )
    return "".join(f"<p>{inline(part)}</p>\n" for part in lines)


def _escaped(text):
    return html.escape(text, quote=False)


def clean_html(markup):
    """``markup`` through the allowlist; links get rel="nofollow ugc".

    A link whose address the allowlist dropped (``javascript:``) is left as
    a plain ``<a>``: with a ``rel`` and no ``href`` it would be invalid HTML.
    """
    cleaned = nh3.clean(
        markup,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
        strip_comments=True,
    )
    return _REL_WITHOUT_HREF.sub(r"<a\1>", cleaned)


def safe_url(url):
    """``url`` if it is an http(s) address, else None (no javascript:).

    Characters no URL may hold (``"``, ``<``, a ``%`` not starting an
    escape...) are percent-encoded, as a browser does before following it.
    """
    if not url:
        return None
    text = "".join(str(url).split())
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return _NOT_IN_URLS.sub(lambda match: f"%{ord(match.group(0)):02X}", text)
