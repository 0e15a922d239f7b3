"""Import a WordPress export (WXR), streamed: a huge file is never read whole.

Parsed with ``defusedxml``'s iterparse, so entity tricks (billion laughs,
external entities) are refused. Comments map to our posts by the post's
WordPress link (same path) or its slug. ``comment_approved`` 1 is approved,
0 pending; spam and trash are skipped, pingbacks and trackbacks too unless
asked for, and other comment types (plugins' records, such as WooCommerce's
order notes) always. Emails are kept only if asked for; IPs never.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from defusedxml.ElementTree import iterparse

from .importing import (
    MAX_BODY_CHARS,
    UNREADABLE_XML,
    Skip,
    SourceError,
    author_name,
    body_text,
    email_address,
    numbered_id,
    read_each,
)
from .render import safe_url
from .store import Comment

STATUS = {"1": "approved", "approve": "approved", "0": "pending", "hold": "pending"}
LEFT_OUT = {"spam": "spam", "trash": "trash", "post-trashed": "trash"}
COMMENT_TYPES = ("", "comment")
LINKBACKS = ("pingback", "trackback")
NO_DATE = ("", "0000-00-00 00:00:00")


@dataclass(frozen=True)
class _Options:
    tz: object
    with_email: bool
    pingbacks: bool


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _children(element):
    """``{local name: text}`` of an element's direct children."""
    return {_local(child.tag): (child.text or "") for child in element}


def read_wxr(source, index, report, tz, *, with_email=False, pingbacks=False):
    """The comments of WXR ``source`` (path or binary file) as candidates.

    Raises SourceError (nothing is written) if the XML is malformed.
    """
    options = _Options(tz, with_email, pingbacks)
    found = []
    try:
        for _event, element in iterparse(source, events=("end",)):
            if _local(element.tag) == "item":
                found += _item_comments(element, index, report, options)
                element.clear()
    except UNREADABLE_XML as error:
        raise SourceError(f"not a readable WordPress export: {error}") from None
    return found


def _item_comments(item, index, report, options):
    fields = _children(item)
    comments = [child for child in item if _local(child.tag) == "comment"]
    if not comments:
        return []
    post = None
    if fields.get("post_type", "post") == "post":
        post = index.match(link=fields.get("link"), slug=fields.get("post_name"))
    return read_each(
        comments, lambda element: _comment(_children(element), post, options), report
    )


def _comment(values, post, options):
    if post is None:
        raise Skip("unknown post")
    status = _status(values, options)
    comment_id, replyto = _ids(values)
    date = _date(values, options.tz)
    content = values.get("comment_content", "")
    if len(content) > MAX_BODY_CHARS:
        raise Skip("too long")
    email = values.get("comment_author_email") if options.with_email else None
    return Comment(
        id=comment_id,
        post=post,
        author=author_name(values.get("comment_author")),
        date=date,
        body=body_text(content),
        status=status,
        source="wxr",
        url=safe_url(values.get("comment_author_url")),
        replyto=replyto,
        email=email_address(email),
    )


def _status(values, options):
    """Our status for a reader's reply; anything else is skipped."""
    kind = values.get("comment_type", "").strip()
    if kind in LINKBACKS and not options.pingbacks:
        raise Skip(kind)
    if kind not in (*COMMENT_TYPES, *LINKBACKS):
        raise Skip("other comment type")  # a plugin's record, not a reply
    approved = values.get("comment_approved", "").strip()
    if approved not in STATUS:
        raise Skip(
            LEFT_OUT.get(approved, "unknown status" if approved else "no status")
        )
    return STATUS[approved]


def _ids(values):
    """``(wp-N, wp-N of the parent or None)`` from 1-20 ASCII digits each."""
    number = values.get("comment_id", "").strip()
    comment_id = numbered_id("wp", number)
    if comment_id is None:
        raise Skip("bad comment_id" if number else "no comment_id")
    parent = values.get("comment_parent", "").strip()
    if not parent.strip("0"):  # comment_parent 0, or none: a reply to the post
        return comment_id, None
    replyto = numbered_id("wp", parent)
    if replyto is None:
        raise Skip("bad comment_parent")
    return comment_id, replyto


def _date(values, tz):
    """``comment_date_gmt`` in UTC, else ``comment_date`` in the site's zone."""
    given = False
    for name, zone in (("comment_date_gmt", UTC), ("comment_date", tz)):
        text = values.get(name, "").strip()
        if text in NO_DATE:
            continue
        given = True
        try:
            moment = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=zone)
    raise Skip("bad date" if given else "missing date")
