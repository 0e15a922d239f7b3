"""A post's comment threads as HTML, written once in Python; no Pelican here.

partials/comments.html puts this list inside its ``<ol class="comment-list">``.
It used to be a recursive Jinja loop, which cost about ten times as much per
comment: a journal moving from WordPress brings tens of thousands. The markup
is the one that loop wrote, spaces between words included (only the
indentation differs: no reader sees it). Bodies are already
clean (render.py); every name and address is escaped here, as Jinja's ``|e``
escapes it.
"""

from markupsafe import Markup, escape

WRITER_BADGE = '<span class="writer-badge">(journal author)</span>'
ORPHAN_NOTE = (
    '<p class="comment-orphan">A reply to a comment that is no longer here.</p>\n'
)


def thread_html(roots):
    """The ``<li>`` items of ``roots`` (threads.Node of site.Shown), nested."""
    parts = []
    for node in roots:
        _item(node, parts)
    return Markup("".join(parts))


def _item(node, parts):
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
        '<span class="sep" aria-hidden="true">·</span>\n'
        f'<a class="comment-permalink" href="#{anchor}">'
        f'<time datetime="{comment.date_iso}">{comment.date_text}</time>'
        '<span class="visually-hidden"> (link to this comment)</span></a>\n'
        "</p>\n"
        f"{ORPHAN_NOTE if node.orphan else ''}"
        f'<div class="comment-body">{comment.html}</div>\n'
        "</article>\n"
    )
    if node.children:
        parts.append('<ol class="comment-children">\n')
        for child in node.children:
            _item(child, parts)
        parts.append("</ol>\n")
    parts.append("</li>\n")
