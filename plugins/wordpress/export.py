"""A WordPress export (WXR), streamed: one pass, one item at a time.

Parsed with ``defusedxml``'s iterparse, so entity tricks (billion laughs,
external entities) are refused; each item is turned into an ``Item`` of
checked, bounded values and cleared, so a huge export is never held whole.
Both ``import-wordpress`` (posts, pages, media and their comments) and
``import-comments`` (comments only) read an export through ``read_export``.
Nothing from the export is trusted: every value here is text of bounded
length; what each value may mean is checked where it is used.
"""

import html
from dataclasses import dataclass, field

from defusedxml.ElementTree import iterparse

from plugins.comments.importing import UNREADABLE_XML, SourceError, numbered_id
from plugins.common.text import xml_safe

MAX_BODY = 1_000_000  # characters of a post's HTML (our files hold 2 MB)
MAX_FIELD = 2_000  # characters of any other value (a link, a title)
NO_DATE = ("", "0000-00-00 00:00:00")
# Postmeta the importer uses; every other key (plugins' data) is dropped.
META_KEYS = ("_wp_attached_file", "_wp_attachment_image_alt")


@dataclass
class Channel:
    """What the export says about the blog itself."""

    base_urls: list = field(default_factory=list)  # the blog's own addresses
    authors: dict = field(default_factory=dict)  # login -> display name


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment or another post type."""

    id: str | None  # "123", 1-20 ASCII digits, or None
    type: str
    status: str
    title: str  # plain text, entities read
    link: str
    slug: str  # post_name, percent-decoded
    date: str  # post_date, the blog's local time, "YYYY-MM-DD HH:MM:SS" or ""
    date_gmt: str
    modified: str
    modified_gmt: str
    parent: str | None
    password: bool  # never the password itself
    creator: str
    content: str
    excerpt: str
    categories: list  # [(domain, nicename, name)]
    attachment_url: str
    meta: dict  # the META_KEYS given
    comments: list  # {local name: text} of each <wp:comment>
    too_long: bool = False  # content or excerpt over MAX_BODY: not imported


def read_export(source, channel=None):
    """Yield each ``Item`` of WXR ``source`` (a path or binary file) in order.

    ``channel`` (a ``Channel``) is filled in as its parts go by (they come
    before the items). Raises SourceError if the XML is malformed, which may
    be after some items were yielded: callers write nothing until the end.
    """
    channel = channel if channel is not None else Channel()
    try:
        for _event, element in iterparse(source, events=("end",)):
            name = _local(element.tag)
            if name == "item":
                yield _item(element)
                element.clear()
            elif name in ("base_site_url", "base_blog_url"):
                _add_base(channel, element.text)
            elif name == "author" and "wordpress.org/export" in element.tag:
                _add_author(channel, element)
                element.clear()
    except UNREADABLE_XML as error:
        raise SourceError(f"not a readable WordPress export: {error}") from None


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _text(element, limit=MAX_FIELD):
    return xml_safe((element.text or "")[: limit + 1])


def _children(element, limit=MAX_FIELD):
    """``{local name: text}`` of an element's direct children."""
    return {_local(child.tag): _text(child, limit) for child in element}


def _add_base(channel, text):
    url = (text or "").strip()[:MAX_FIELD]
    if url.startswith(("http://", "https://")) and url not in channel.base_urls:
        channel.base_urls.append(url)


def _add_author(channel, element):
    values = _children(element)
    login = values.get("author_login", "").strip()[:100]
    name = " ".join(html.unescape(values.get("author_display_name", "")).split())
    if login:
        channel.authors[login] = name[:100] or login


def _item(element):
    values, categories, meta, comments = {}, [], {}, []
    too_long = False
    for child in element:
        name = _local(child.tag)
        if name == "comment":
            comments.append(_children(child, MAX_BODY))
        elif name == "category":
            categories.append(_category(child))
        elif name == "postmeta":
            _postmeta(child, meta)
        elif name in ("encoded",):  # content:encoded and excerpt:encoded
            kind = "excerpt" if "excerpt" in child.tag else "content"
            text = child.text or ""
            too_long = too_long or len(text) > MAX_BODY
            values[kind] = xml_safe(text[:MAX_BODY])
        else:
            values[name] = _text(child)
    return Item(
        id=_number(values.get("post_id", "")),
        type=_word(values.get("post_type")) or "post",
        status=_word(values.get("status")),
        title=" ".join(html.unescape(values.get("title", "")).split()),
        link=values.get("link", "").strip(),
        slug=values.get("post_name", "").strip(),
        date=_date(values.get("post_date")),
        date_gmt=_date(values.get("post_date_gmt")),
        modified=_date(values.get("post_modified")),
        modified_gmt=_date(values.get("post_modified_gmt")),
        parent=_number(values.get("post_parent", "")),
        password=bool(values.get("post_password", "").strip()),
        creator=values.get("creator", "").strip()[:100],
        content=values.get("content", ""),
        excerpt=values.get("excerpt", ""),
        categories=categories,
        attachment_url=values.get("attachment_url", "").strip(),
        meta=meta,
        comments=comments,
        too_long=too_long,
    )


def _number(text):
    """A WordPress number as text (1-20 ASCII digits, leading zeros dropped),
    or None for none, 0 or anything else."""
    number = numbered_id("wp", text.strip())
    return None if number in (None, "wp-0") else number.removeprefix("wp-")


def _word(text):
    word = (text or "").strip().lower()
    return word if word.isascii() and len(word) <= 40 else "?"


def _date(text):
    value = (text or "").strip()
    return "" if value in NO_DATE else value[:40]


def _category(element):
    name = " ".join(html.unescape(_text(element)).split())
    return (
        (element.get("domain") or "")[:40],
        (element.get("nicename") or "")[:MAX_FIELD],
        name,
    )


def _postmeta(element, meta):
    values = _children(element)
    key = values.get("meta_key", "")
    if key in META_KEYS:
        meta[key] = values.get("meta_value", "").strip()
