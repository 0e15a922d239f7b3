"""Webmentions for the whole site, as webmention.io received them; no Pelican.

``GET {api}/mentions.jf2?domain=DOMAIN&token=TOKEN&per-page=N&page=P`` gives
a jf2 feed, newest first, ``page`` counted from 0: each entry says which
of our pages it is about (``wm-target``) and what it is (``wm-property``).
``in-reply-to`` entries become comments, ``mention-of`` mentions ("Mentioned
in"), and ``like-of``, ``repost-of`` and ``bookmark-of`` are counted. An
entry webmention.io marks private (``wm-private``) is never kept.

Every page is asked each time, so that a webmention deleted at
webmention.io is absent and removed here, unless the first page is not
modified (a conditional GET): then nothing is. The token is a secret: it
is never in a message, a state file or a page.
"""

from urllib.parse import urlencode

from plugins.common.http import FetchError
from plugins.common.text import plain_text

from .importing import (
    MAX_BODY_CHARS,
    Skip,
    author_name,
    body_text,
    numbered_id,
)
from .render import plain_paragraphs, safe_url
from .replies import (
    NOT_MODIFIED,
    Fetched,
    Reply,
    bad_answer,
    get_json,
    host_of,
    remote_date,
    text,
)
from .store import MAX_TITLE, MAX_URL

PER_PAGE = 100
MAX_PAGES = 200  # 20,000 webmentions
COUNTED = {"like-of": "likes", "repost-of": "reposts", "bookmark-of": "bookmarks"}
KEPT = {"in-reply-to": "comment", "mention-of": "mention"}


def fetch(settings, index, validators, fetching):
    """``Fetched`` for the site's webmentions; raises FetchError.

    ``settings`` is ``COMMENTS["webmention_io"]`` with its token; ``index``
    a ``PostIndex`` of the published posts, matched by ``wm-target``.
    """
    fetched, entries = Fetched(), []
    try:
        for page in range(MAX_PAGES):
            query = urlencode(
                {
                    "domain": settings["domain"],
                    "token": settings["token"],
                    "per-page": PER_PAGE,
                    "page": page,
                }
            )
            url = f"{settings['api'].rstrip('/')}/mentions.jf2?{query}"
            asked = validators if page == 0 else {}
            data = get_json(url, f"page-{page}", asked, fetching, fetched)
            if data is NOT_MODIFIED:
                return fetched
            children = data.get("children") if isinstance(data, dict) else None
            if not isinstance(children, list):
                raise bad_answer("a jf2 feed (no children)")
            entries += children
            if len(children) < PER_PAGE:
                break
        else:
            raise FetchError(
                "too-many", f"more than {MAX_PAGES * PER_PAGE} webmentions"
            )
    except FetchError as error:
        raise _without_token(error, settings["token"]) from None
    fetched.validators = {"page-0": fetched.validators.get("page-0")}
    fetched.replies, fetched.counts = read_entries(
        entries, settings["domain"], index, fetched
    )
    return fetched


def _without_token(error, token):
    message = str(error).replace(token, "…") if token else str(error)
    return FetchError(error.kind, message, error.status)


def read_entries(entries, domain, index, fetched):
    """``(replies, {slug: counts})`` of the entries about our posts."""
    replies, counts, seen = [], {}, set()
    for entry in entries:
        try:
            reply, slug, counted = _entry(entry, domain, index)
        except Skip as skip:
            fetched.skip(str(skip))
            continue
        key = reply.id if reply else (slug, counted, entry.get("wm-id"))
        if key in seen:
            fetched.skip("seen twice")
            continue
        seen.add(key)
        if reply:
            replies.append(reply)
        else:
            post = counts.setdefault(slug, {})
            post[counted] = post.get(counted, 0) + 1
    return replies, counts


def _entry(entry, domain, index):
    """``(Reply or None, slug, what it counts or None)`` of one jf2 entry."""
    if not isinstance(entry, dict):
        raise Skip("not an entry")
    if entry.get("wm-private") is not False and "wm-private" in entry:
        raise Skip("private")
    prop = entry.get("wm-property")
    if prop not in KEPT and prop not in COUNTED:
        raise Skip("other kind")
    wm_id = entry.get("wm-id")
    our_id = (
        numbered_id("webmention", str(wm_id)) if type(wm_id) in (int, str) else None
    )
    if our_id is None:
        raise Skip("no id")
    target = text(entry.get("wm-target"), MAX_URL)
    if host_of(target) not in (domain, f"www.{domain}"):
        raise Skip("not this site")
    slug = index.match(link=target)
    if slug is None:
        raise Skip("unknown post")
    source = safe_url(text(entry.get("url"), MAX_URL)) or safe_url(
        text(entry.get("wm-source"), MAX_URL)
    )
    if source is None:
        raise Skip("no address")
    if prop in COUNTED:
        return None, slug, COUNTED[prop]
    author = entry.get("author") if isinstance(entry.get("author"), dict) else {}
    profile = safe_url(text(author.get("url"), MAX_URL))
    name = text(author.get("name")) or host_of(source)
    kind = KEPT[prop]
    title = plain_text(text(entry.get("name"), MAX_BODY_CHARS) or "", MAX_TITLE) or None
    reply = Reply(
        id=our_id,
        author=author_name(name),
        author_url=profile,
        date=remote_date(entry.get("published"), entry.get("wm-received")),
        html=_body(entry.get("content"), kind),
        source_url=source,
        identities=tuple(
            sorted(
                {host_of(profile), host_of(source), host_of(entry.get("wm-source"))}
                - {None}
            )
        ),
        kind=kind,
        title=title,
        target=target,
    )
    return reply, slug, None


def _body(content, kind):
    content = content if isinstance(content, dict) else {}
    html, plain = content.get("html"), content.get("text")
    for value in (html, plain):
        if isinstance(value, str) and len(value) > MAX_BODY_CHARS:
            raise Skip("too long")
    if isinstance(html, str) and plain_text(html):
        return body_text(html)
    if isinstance(plain, str) and plain.strip():
        return body_text(plain_paragraphs(plain.strip()))
    if kind == "mention":
        return ""
    raise Skip("empty")
