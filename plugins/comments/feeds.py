"""Comment feeds (Atom with thr:in-reply-to, and RSS); no Pelican here.

The feeds are written as text, every value escaped: feedgenerator's SAX
writer cost a tenth of a millisecond an entry, and a journal moving from
WordPress brings tens of thousands of comments. Tests read them back with
feedparser and an XML parser. Titles and names are plain text written as
HTML (``plugins.common.text.html_text``): no reader takes a commenter's name for
markup, whether it shows titles as text or as HTML.

Each post with published comments gets its own feeds ("Comments on: TITLE"),
and the site one feed of its latest comments. Every file is written
atomically. ``item_extras`` is what posts' entries in the main feeds carry.
"""

import os
import re
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from plugins.common.cache import key
from plugins.common.files import write_output
from plugins.common.signals import FEED_NAMESPACES, FeedElement, output_written
from plugins.common.text import XML_ILLEGAL, html_text, xml_safe

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SPECIAL = re.compile(f'[&<>"]|{XML_ILLEGAL.pattern}')


def escape(text):
    if _SPECIAL.search(text) is None:  # most names and addresses
        return text
    return _escape(xml_safe(text))


def feed_text(plain):
    """Plain text for an element of a feed: escaped for HTML, then for XML."""
    return escape(html_text(plain))


def quoteattr(text):
    if _SPECIAL.search(text) is None:
        return f'"{text}"'
    return _quoteattr(xml_safe(text))


def absolute(base, path):
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def comment_link(base, comment):
    return absolute(base, comment.post.url) + f"#{comment.anchor}"


def _atom(head, comments, base, with_post_title, escaped):
    title, link, feed_url = head
    updated = max((c.date for c in comments), default=None)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"'
        f' xmlns:thr="{FEED_NAMESPACES["thr"]}" xml:lang="en">',
        f'<title type="html">{feed_text(title)}</title>',
        f'<link href={quoteattr(link)} rel="alternate"/>',
        f'<link href={quoteattr(feed_url)} rel="self"/>',
        f"<id>{escape(feed_url)}</id>",
        f"<updated>{(updated or _EPOCH).isoformat()}</updated>",
    ]
    for comment in comments:
        link = comment_link(base, comment)
        post = absolute(base, comment.post.url)
        parent = f"{post}#comment-{comment.replyto}" if comment.replyto else post
        author = f"<name>{feed_text(comment.author)}</name>"
        if comment.author_url:
            author += f"<uri>{escape(comment.author_url)}</uri>"
        parts.append(
            f'<entry><title type="html">{feed_text(_title(comment, with_post_title))}'
            "</title>"
            f'<link href={quoteattr(link)} rel="alternate"/>'
            f"<id>{escape(link)}</id>"
            f"<published>{comment.date_iso}</published>"
            f"<updated>{comment.date_iso}</updated>"
            f"<author>{author}</author>"
            f'<content type="html">{_html(comment, escaped)}</content>'
            f"<thr:in-reply-to ref={quoteattr(parent)} href={quoteattr(parent)}"
            ' type="text/html"/></entry>'
        )
    parts.append("</feed>\n")
    return "\n".join(parts)


def _rss(head, comments, base, with_post_title, escaped):
    title, link, feed_url = head
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"'
        ' xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
        f"<title>{feed_text(title)}</title>",
        f"<link>{escape(link)}</link>",
        f"<description>{feed_text(title)}</description>",
        f'<atom:link href={quoteattr(feed_url)} rel="self"/>',
        "<language>en</language>",
    ]
    if comments:
        parts.append(
            f"<lastBuildDate>{format_datetime(comments[0].date)}</lastBuildDate>"
        )
    for comment in comments:
        link = comment_link(base, comment)
        parts.append(
            f"<item><title>{feed_text(_title(comment, with_post_title))}</title>"
            f"<link>{escape(link)}</link>"
            f"<description>{_html(comment, escaped)}</description>"
            f"<dc:creator>{feed_text(comment.author)}</dc:creator>"
            f"<pubDate>{format_datetime(comment.date)}</pubDate>"
            f'<guid isPermaLink="true">{escape(link)}</guid></item>'
        )
    parts.append("</channel></rss>\n")
    return "\n".join(parts)


def _html(comment, escaped):
    """The comment's HTML escaped for XML, once for all the feeds it is in."""
    key = id(comment)
    if key not in escaped:
        escaped[key] = escape(comment.html)
    return escaped[key]


def _title(comment, with_post_title):
    if with_post_title:
        return f"Comment on {comment.post.title} by {comment.author}"
    return f"By: {comment.author}"


def write_feed(
    output, path, kind, *, title, link, base, comments, with_post_title, escaped=None
):
    """One comment feed, newest first, written atomically to ``output/path``;
    returns its bytes.

    ``escaped`` is a dict shared by the feeds of one build (see ``_html``).
    """
    build = _atom if kind == "atom" else _rss
    head = (title, link, absolute(base, path))
    text = build(
        head, comments, base, with_post_title, {} if escaped is None else escaped
    )
    data = text.encode("utf-8")
    write_output(Path(output) / path, data)
    return data


def write_comment_feeds(output, site, config, base, sitename, *, made=None):
    """Every post's comment feeds and the site's; return the paths written.

    ``made`` (a ``cache.Manifest``): a post's feed already in the output as
    its comments (``view_key``) and these settings make it is not made again.
    """
    written, escaped = [], {}
    for post_comments in site.by_post.values():
        post = post_comments.post
        title = f"Comments on: {post.title}"
        link = absolute(base, post.url)
        for kind, path in (
            ("atom", post_comments.feed_atom),
            ("rss", post_comments.feed_rss),
        ):
            if not path:
                continue
            target = Path(output) / path
            written.append(target)
            entry = key(
                "comment feed", kind, path, link, base, post_comments.view_key()
            )
            if made is not None and made.holds(entry, target):
                output_written.send(os.fspath(target))
                continue
            data = write_feed(
                output,
                path,
                kind,
                title=title,
                link=link,
                base=base,
                comments=list(reversed(post_comments.comments)),
                with_post_title=False,
                escaped=escaped,
            )
            if made is not None:
                made.made(entry, data, target)
    latest = site.latest[: config["site_feed_items"]]
    for kind, name in (("atom", "site_feed_atom"), ("rss", "site_feed_rss")):
        if config[name]:
            write_feed(
                output,
                config[name],
                kind,
                title=f"Comments for {sitename}",
                link=absolute(base, ""),
                base=base,
                comments=latest,
                with_post_title=True,
                escaped=escaped,
            )
            written.append(Path(output) / config[name])
    return written


def item_extras(item, kind):
    """What a post's entry in the main feeds says about its comments."""
    post_comments = getattr(item, "comments", None)
    if not post_comments or not getattr(post_comments, "count", 0):
        return []
    count = str(post_comments.count)
    base = post_comments.base_url
    if kind == "rss":
        extras = [FeedElement("slash:comments", count)]
        if post_comments.feed_rss:
            rss = absolute(base, post_comments.feed_rss)
            extras.append(FeedElement("wfw:commentRss", rss))
        extras.append(
            FeedElement(
                "comments", absolute(base, post_comments.post.url) + "#comments"
            )
        )
        return extras
    extras = [FeedElement("slash:comments", count)]
    if post_comments.feed_atom:
        extras.insert(
            0,
            FeedElement(
                "link",
                None,
                {
                    "rel": "replies",
                    "type": "application/atom+xml",
                    "href": absolute(base, post_comments.feed_atom),
                    "thr:count": count,
                },
            ),
        )
    return extras
