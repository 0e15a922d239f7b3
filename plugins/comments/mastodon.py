"""Replies from Mastodon: a post's context and its counts; no Pelican.

``GET {origin}/api/v1/statuses/{id}/context`` gives ``{ancestors,
descendants}``: every reply below the post, each naming the status it
answers (``in_reply_to_id``); ``GET {origin}/api/v1/statuses/{id}`` gives
the post itself, with ``favourites_count`` and ``reblogs_count``. Both are
asked without an account, so the server only shows what it shows anyone;
only public and unlisted replies are kept (a followers-only reply is not
for the web). A 404 or 410 for the post means it was deleted or is no
longer public: the conversation is gone.

A reply's ``content`` is HTML: it goes through the allowlist (no image,
script or style), and a content warning (``spoiler_text``) folds it under a
``<details>`` whose summary is the warning. Attachments are not shown.
"""

from html import escape
from urllib.parse import quote

from plugins.common.http import FetchError
from plugins.common.text import plain_text

from .importing import MAX_BODY_CHARS, Skip, author_name, body_text, stable_id
from .render import safe_url
from .replies import (
    NOT_MODIFIED,
    Fetched,
    Reply,
    bad_answer,
    count,
    get_json,
    host_of,
    remote_date,
    text,
)
from .store import MAX_URL

MAX_REPLIES = 5000  # of one conversation
VISIBLE = ("public", "unlisted")
GONE = (404, 410)


def fetch(conversation, validators, fetching):
    """``Fetched`` for one post's Mastodon conversation; raises FetchError."""
    post = conversation.post
    base = f"{post.origin}/api/v1/statuses/{quote(post.status_id)}"
    fetched = Fetched()
    try:
        context = get_json(f"{base}/context", "context", validators, fetching, fetched)
        status = get_json(base, "status", validators, fetching, fetched)
    except FetchError as error:
        if error.status not in GONE:
            raise
        fetched.gone = f"the post answers {error.status}: deleted, or not public"
        return fetched
    if context is not NOT_MODIFIED:
        fetched.replies = replies(context, post, fetched)
    if status is not NOT_MODIFIED:
        fetched.counts = {conversation.slug: counts(status)}
    return fetched


def counts(status):
    """The post's likes and boosts (those the server gives)."""
    if not isinstance(status, dict):
        raise bad_answer("a Mastodon status")
    given = {
        "likes": count(status.get("favourites_count")),
        "boosts": count(status.get("reblogs_count")),
    }
    return {name: value for name, value in given.items() if value is not None}


def replies(context, post, fetched):
    """Every usable reply in a context; the others counted in ``fetched``."""
    descendants = context.get("descendants") if isinstance(context, dict) else None
    if not isinstance(descendants, list):
        raise bad_answer("a Mastodon context (no descendants)")
    statuses = [item for item in descendants[:MAX_REPLIES] if isinstance(item, dict)]
    ours = {}  # the server's id of each status -> our comment id
    for status in statuses:
        local = _local_id(status.get("id"))
        if local is not None:
            ours.setdefault(local, _our_id(status, post, local))
    found = []
    for status in statuses:
        try:
            found.append(_reply(status, post, ours))
        except Skip as skip:
            fetched.skip(str(skip))
    return found


def _local_id(value):
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return text(value, 100)


def _our_id(status, post, local):
    """Stable across servers: the status's ActivityPub id, when it has one."""
    return stable_id(
        "mastodon", text(status.get("uri"), MAX_URL) or f"{post.host}/{local}"
    )


def _reply(status, post, ours):
    local = _local_id(status.get("id"))
    if local is None:
        raise Skip("no id")
    if status.get("visibility") not in VISIBLE:
        raise Skip("not public")
    account = status.get("account") if isinstance(status.get("account"), dict) else {}
    acct = text(account.get("acct")) or ""
    full = (acct if "@" in acct else f"{acct}@{post.host}").lower()
    profile = safe_url(text(account.get("url"), MAX_URL))
    name = (
        plain_text(text(account.get("display_name")) or "")
        or text(account.get("username"))
        or acct
    )
    writer = post.user if "@" in post.user else f"{post.user}@{post.host}"
    parent = _local_id(status.get("in_reply_to_id"))
    return Reply(
        id=ours[local],
        author=author_name(name),
        author_url=profile,
        date=remote_date(status.get("created_at")),
        html=_body(status),
        source_url=safe_url(text(status.get("url"), MAX_URL))
        or safe_url(text(status.get("uri"), MAX_URL)),
        identities=tuple(i for i in (full if acct else None, host_of(profile)) if i),
        parent=None if parent == post.status_id else ours.get(parent),
        by_writer=bool(acct) and full == writer.lower(),
    )


def _body(status):
    content = status.get("content")
    if not isinstance(content, str) or not content.strip():
        raise Skip("empty")
    if len(content) > MAX_BODY_CHARS:
        raise Skip("too long")
    html = body_text(content)
    warning = status.get("spoiler_text")
    warning = plain_text(warning, 300) if isinstance(warning, str) else ""
    if warning:
        html = body_text(
            f"<details><summary>{escape(warning)}</summary>{html}</details>"
        )
    if not plain_text(html):
        raise Skip("empty")
    return html
