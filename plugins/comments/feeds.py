"""Comment feeds (Atom with thr:in-reply-to, and RSS); no Pelican here.

Each post with published comments gets its own feeds ("Comments on: TITLE"),
and the site one feed of its latest comments. Every file is written
atomically. ``item_extras`` is what posts' entries in the main feeds carry.
"""

from pathlib import Path

from plugins.common.files import write_atomic
from plugins.feeds.extras import Element, ExtendedAtomFeed, ExtendedRssFeed

THREAD_NS = "thr"


def absolute(base, path):
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def comment_link(base, comment):
    return absolute(base, comment.post.url) + f"#{comment.anchor}"


def _feed(kind, title, link, feed_url, description):
    feed_class = ExtendedAtomFeed if kind == "atom" else ExtendedRssFeed
    return feed_class(
        title=title,
        link=link,
        feed_url=feed_url,
        description=description,
        language="en",
    )


def _add(feed, kind, comment, base, with_post_title):
    link = comment_link(base, comment)
    title = f"By: {comment.author}"
    if with_post_title:
        title = f"Comment on {comment.post.title} by {comment.author}"
    extras = []
    if kind == "atom":
        if comment.replyto:
            parent = absolute(base, comment.post.url) + f"#comment-{comment.replyto}"
        else:
            parent = absolute(base, comment.post.url)
        extras.append(
            Element(
                f"{THREAD_NS}:in-reply-to",
                None,
                {"ref": parent, "href": parent, "type": "text/html"},
            )
        )
    feed.add_item(
        title=title,
        link=link,
        unique_id=link,
        unique_id_is_permalink=True,
        description=comment.html,
        author_name=comment.author,
        author_link=comment.author_url,
        pubdate=comment.date,
        updateddate=comment.date,
        extras=extras,
    )


def write_feed(output, path, kind, *, title, link, base, comments, with_post_title):
    feed = _feed(kind, title, link, absolute(base, path), title)
    for comment in comments:
        _add(feed, kind, comment, base, with_post_title)
    target = Path(output) / path
    write_atomic(target, feed.writeString("utf-8"))
    return target


def write_comment_feeds(output, site, config, base, sitename):
    """Every post's comment feeds and the site's; return the paths written."""
    written = []
    for post_comments in site.by_post.values():
        post = post_comments.post
        title = f"Comments on: {post.title}"
        for kind, path in (
            ("atom", post_comments.feed_atom),
            ("rss", post_comments.feed_rss),
        ):
            if path:
                newest = list(reversed(post_comments.comments))
                written.append(
                    write_feed(
                        output,
                        path,
                        kind,
                        title=title,
                        link=absolute(base, post.url),
                        base=base,
                        comments=newest,
                        with_post_title=False,
                    )
                )
    latest = site.all[: config["site_feed_items"]]
    for kind, name in (("atom", "site_feed_atom"), ("rss", "site_feed_rss")):
        if config[name]:
            written.append(
                write_feed(
                    output,
                    config[name],
                    kind,
                    title=f"Comments for {sitename}",
                    link=absolute(base, ""),
                    base=base,
                    comments=latest,
                    with_post_title=True,
                )
            )
    return written


def item_extras(item, kind):
    """What a post's entry in the main feeds says about its comments."""
    post_comments = getattr(item, "comments", None)
    if not post_comments or not getattr(post_comments, "count", 0):
        return []
    count = str(post_comments.count)
    base = post_comments.base_url
    if kind == "rss":
        extras = [Element("slash:comments", count)]
        if post_comments.feed_rss:
            rss = absolute(base, post_comments.feed_rss)
            extras.append(Element("wfw:commentRss", rss))
        extras.append(
            Element("comments", absolute(base, post_comments.post.url) + "#comments")
        )
        return extras
    extras = [Element("slash:comments", count)]
    if post_comments.feed_atom:
        extras.insert(
            0,
            Element(
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
