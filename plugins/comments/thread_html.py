"""A post's comment threads as HTML, written once in Python; no Pelican here.

partials/comments.html puts this list inside its ``<ol class="comment-list">``.
It used to be a recursive Jinja loop, which cost about ten times as much per
comment: a journal moving from WordPress brings tens of thousands. The markup
is the one that loop wrote, spaces between words included (only the
indentation differs: no reader sees it). Bodies are already
clean (render.py); every name and address is escaped here, as Jinja's ``|e``
escapes it.

Each comment says where it came from ("on Mastodon", linked to the reply
there) and, when the site has a comments address, offers its own "Reply by
email" whose subject names the comment, so that the mbox import threads the
answer under it (import_mbox.py reads ``Comment on <slug>, reply to <id>``).
"""

from urllib.parse import quote

from markupsafe import Markup, escape

WRITER_BADGE = '<span class="writer-badge">(journal author)</span>'
ORPHAN_NOTE = (
    '<p class="comment-orphan">A reply to a comment that is no longer here.</p>\n'
)

SOURCES = {  # how each source is named after "via"
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "webmention": "a webmention",
    "email": "email",
    "wxr": "WordPress",
    "feed": "a comment feed",
}


def thread_html(roots, email=""):
    """The ``<li>`` items of ``roots`` (threads.Node of site.Shown), nested;
    ``email`` is the address of each comment's "Reply by email" ("": none)."""
    parts = []
    for node in roots:
        _item(node, parts, email)
    return Markup("".join(parts))


def _source(comment):
    name = SOURCES.get(comment.source)
    if name is None:
        return ""
    if comment.source_url:
        link = f'<a href="{escape(comment.source_url)}" rel="nofollow ugc">{name}</a>'
        name = link
    return f'<span class="comment-source">via {name}</span>\n'


def _reply_by_email(comment, email):
    if not email:
        return ""
    subject = quote(f"Comment on {comment.post.slug}, reply to {comment.id}")
    return (
        f'<p class="comment-reply"><a href="mailto:{escape(email)}?subject={subject}">'
        "Reply by email"
        f'<span class="visually-hidden"> to {escape(comment.author)}</span></a></p>\n'
    )


def _item(node, parts, email):
    comment = node.comment
    anchor = escape(comment.anchor)
    author = escape(comment.author)
    if comment.author_url:
        name = f'<a href="{escape(comment.author_url)}" rel="nofollow ugc">{author}</a>'
    else:
        name = author
    reply = (
        f'<span class="in-reply-to">in reply to {escape(node.in_reply_to)}</span>'
        if node.in_reply_to
        else ""
    )
    kind = "comment by-writer" if comment.by_writer else "comment"
    parts.append(
        f'<li id="{anchor}" class="{kind}">\n'
        f'<article class="comment-card" aria-label="Comment by {author}">\n'
        '<p class="comment-meta">\n'
        f'<span class="comment-author">{name}</span>\n'
        f"{WRITER_BADGE if comment.by_writer else ''}{reply}\n"
        f"{_source(comment)}"
        '<span class="sep" aria-hidden="true">·</span>\n'
        f'<a class="comment-permalink" href="#{anchor}">'
        f'<time datetime="{comment.date_iso}">{comment.date_text}</time>'
        '<span class="visually-hidden"> (link to this comment)</span></a>\n'
        "</p>\n"
        f"{ORPHAN_NOTE if node.orphan else ''}"
        f'<div class="comment-body">{comment.html}</div>\n'
        f"{_reply_by_email(comment, email)}"
        "</article>\n"
    )
    if node.children:
        parts.append('<ol class="comment-children">\n')
        for child in node.children:
            _item(child, parts, email)
        parts.append("</ol>\n")
    parts.append("</li>\n")
