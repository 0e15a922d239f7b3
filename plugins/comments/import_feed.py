"""Import a comment feed (RSS or Atom), from a file or a URL.

We fetch the bytes ourselves, with the blogroll's client (a deadline for
the whole fetch, size caps), and hand them to feedparser (it has no timeout
of its own). Atom's ``thr:in-reply-to``
(RFC 4685) gives the threading: feedparser does not read it, so a second,
defused XML pass maps each entry to its parent. A WordPress comment link
(``...#comment-N``) gives the id ``wp-N``, the same one a WordPress export
gives, so the two sources do not duplicate each other.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

import feedparser
from defusedxml.ElementTree import iterparse

from plugins.common.http import FetchError, Job, Limits, fetch_all

from .importing import (
    MAX_BODY_CHARS,
    UNREADABLE_XML,
    Skip,
    SourceError,
    author_name,
    body_text,
    email_address,
    read_each,
    stable_id,
    wordpress_id,
)
from .render import safe_url
from .store import Comment

ATOM = "{http://www.w3.org/2005/Atom}"
THREAD = "{http://purl.org/syndication/thread/1.0}"
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 20  # seconds for the whole fetch
USER_AGENT = "beats-per-minute-comments/1.0"


@dataclass(frozen=True)
class _Context:
    """What every entry of one feed is read with."""

    index: object
    ids: dict
    parents: dict
    channel: str | None
    with_email: bool


def fetch(url, timeout=TIMEOUT, max_bytes=MAX_BYTES):
    """The bytes at ``url`` (http or https); SourceError, one line, if it fails.

    Fetched with the one client (plugins/common/http.py): ``timeout`` bounds
    the whole fetch, from looking the host up to the last byte of the last
    redirect, and ``max_bytes`` the body on the wire and once decompressed;
    redirect loops and hosts not allowed are refused. It runs as the only job
    of ``fetch_all``, whose total deadline also bounds a host lookup, which
    no socket timeout does.
    """
    limits = Limits(
        timeout=timeout,
        max_bytes=max_bytes,
        max_decompressed=max_bytes,
        user_agent=USER_AGENT,
    )
    job = Job("source", url, limits=limits)
    result = fetch_all([job], concurrency=1, deadline_seconds=timeout)["source"]
    if isinstance(result, FetchError) and result.kind == "too-big":
        raise SourceError(f"{url}: larger than {max_bytes} bytes; not imported")
    if isinstance(result, FetchError):
        raise SourceError(f"{url}: could not be fetched ({result})")
    return result.body


def _parents(data):
    """``{entry id: thr:in-reply-to ref}`` of an Atom feed's entries."""
    parents = {}
    try:
        for _event, element in iterparse(BytesIO(data), events=("end",)):
            if element.tag == f"{ATOM}entry":
                entry_id = (element.findtext(f"{ATOM}id") or "").strip()
                reply = element.find(f"{THREAD}in-reply-to")
                if entry_id and reply is not None:
                    parents[entry_id] = reply.get("ref") or reply.get("href")
                element.clear()
    except UNREADABLE_XML:
        return {}  # feedparser reports the problem; no threading then
    return parents


def read_feed(data, index, report, with_email=False):
    """The comments of a feed's bytes as candidates (all ``approved``)."""
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as error:
        # feedparser is meant never to raise; when it does, the feed found a
        # bug in it (6.0.14: UnicodeEncodeError on &#xD800; in a feed that is
        # not well-formed). One bad feed is one SourceError, never a crash.
        raise SourceError(f"not a readable feed: {type(error).__name__}") from None
    if parsed.bozo and not parsed.entries:
        problem = parsed.get("bozo_exception", "unreadable")
        raise SourceError(f"not a readable feed: {problem}")
    parents = _parents(data)
    channel = parsed.feed.get("link")
    ids = {}
    for entry in parsed.entries:
        key = entry.get("id") or entry.get("link")
        ids[key] = wordpress_id(entry.get("link")) or stable_id(
            "feed", key or entry.get("title", "")
        )
    context = _Context(index, ids, parents, channel, with_email)
    return read_each(parsed.entries, lambda entry: _entry(entry, context), report)


def _entry(entry, context):
    # A per-post feed's channel links the post; an entry's own link wins.
    post = context.index.match(link=entry.get("link") or context.channel)
    if post is None:
        raise Skip("unknown post")
    content = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
    if len(content) > MAX_BODY_CHARS:
        raise Skip("too long")
    key = entry.get("id") or entry.get("link")
    ref = context.parents.get(key)
    email = entry.get("author_detail", {}).get("email") if context.with_email else None
    return Comment(
        id=context.ids[key],
        post=post,
        author=author_name(_author(entry)),
        date=_date(entry),
        body=body_text(content),
        status="approved",
        source="feed",
        url=safe_url(entry.get("author_detail", {}).get("href")),
        replyto=context.ids.get(ref) or wordpress_id(ref) if ref else None,
        email=email_address(email),
    )


def _date(entry):
    """When the entry was published (else updated), in UTC."""
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if moment is None:
        raise Skip("missing date")
    try:  # feedparser's struct_time is in UTC, and may be the year 0 or 10000
        return datetime(*moment[:6], tzinfo=UTC)
    except ValueError:
        raise Skip("bad date") from None


def _author(entry):
    """The author's name; WordPress RSS puts it in dc:creator, never an email."""
    detail = entry.get("author_detail", {})
    name = detail.get("name") or entry.get("author", "")
    return "" if "@" in name and " " not in name.strip() else name
