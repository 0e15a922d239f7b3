"""WordPress comments, pingbacks and trackbacks as candidates for the store.

``comment_approved`` 1 is approved, 0 pending; spam and trash are skipped,
and so are other comment types (plugins' records, such as WooCommerce's
order notes). A comment's text is HTML with WordPress's line-break rules:
it is stored as the HTML WordPress showed (``wpautop``, then the comment
allowlist), with ``format: html``, so it is never read as Markdown.
Pingbacks and trackbacks are other pages linking to the post: they are
stored as mentions (``kind: mention``), the linking page's address as
``url`` and its title, which WordPress keeps as the "author", as ``title``.
Emails are kept only if asked for; IPs never.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from plugins.comments.importing import (
    MAX_BODY_CHARS,
    Skip,
    author_name,
    body_text,
    email_address,
    numbered_id,
    read_each,
)
from plugins.comments.render import safe_url
from plugins.comments.store import MAX_TITLE, Comment

from .export import NO_DATE, read_export
from .wpautop import wpautop

STATUS = {"1": "approved", "approve": "approved", "0": "pending", "hold": "pending"}
LEFT_OUT = {"spam": "spam", "trash": "trash", "post-trashed": "trash"}
COMMENT_TYPES = ("", "comment")
LINKBACKS = ("pingback", "trackback")
# Post types whose comments have a home here.
COMMENTED = ("post", "page")


@dataclass(frozen=True)
class Options:
    tz: object
    with_email: bool = False


def read_wxr(source, index, report, tz, *, with_email=False):
    """The comments of WXR ``source`` (path or binary file) as candidates,
    each matched to our post by its WordPress link or slug (``index``).

    Raises SourceError (nothing is written) if the XML is malformed.
    """
    options = Options(tz, with_email)
    found = []
    for item in read_export(source):
        if not item.comments:
            continue
        post = None
        if item.type in COMMENTED:
            post = index.match(link=item.link, slug=item.slug)
        found += comments_of(item, post, report, options)
    return found


def comments_of(item, post, report, options):
    """The comments of ``item`` (an export.Item) on our post ``post`` (its
    slug; None: a post we do not have), each bad one counted in ``report``."""
    return read_each(
        item.comments, lambda values: _comment(values, post, options), report
    )


def _comment(values, post, options):
    if post is None:
        raise Skip("unknown post")
    kind = _kind(values)
    status = _status(values)
    comment_id, replyto = _ids(values)
    date = _date(values, options.tz)
    content = values.get("comment_content", "")
    if len(content) > MAX_BODY_CHARS:
        raise Skip("too long")
    email = values.get("comment_author_email") if options.with_email else None
    comment = Comment(
        id=comment_id,
        post=post,
        author=author_name(values.get("comment_author")),
        date=date,
        body=body_text(wpautop(content)),
        status=status,
        source="wxr",
        url=safe_url(values.get("comment_author_url")),
        replyto=replyto,
        email=email_address(email),
        format="html",
    )
    return _as_mention(comment) if kind == "mention" else comment


def _kind(values):
    """``comment`` or ``mention``; anything else (a plugin's record) is skipped."""
    kind = values.get("comment_type", "").strip()
    if kind in LINKBACKS:
        return "mention"
    if kind not in COMMENT_TYPES:
        raise Skip("other comment type")
    return "comment"


def _as_mention(comment):
    """A pingback or trackback: the linking page, its title, its site."""
    if comment.url is None:
        raise Skip("mention without an address")
    host = urlsplit(comment.url).hostname or "a site"
    return replace(
        comment,
        kind="mention",
        title=comment.author[:MAX_TITLE],
        author=host,
        replyto=None,
        email=None,
    )


def _status(values):
    """Our status for an approved or held comment; anything else is skipped."""
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
