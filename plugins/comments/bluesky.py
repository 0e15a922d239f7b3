"""Replies from Bluesky: a post's thread on the AppView; no Pelican.

``GET {api}/xrpc/app.bsky.feed.getPostThread?uri=at://DID/app.bsky.feed.post/RKEY``
gives the post (with ``likeCount`` and ``repostCount``) and its replies,
nested: each ``threadViewPost`` holds its own ``replies``. A reply that was
deleted or blocks us is a ``notFoundPost`` or ``blockedPost``: left out,
with the replies under it. A post named by its handle is first resolved to
its DID (``com.atproto.identity.resolveHandle`` on the same AppView), once
per handle and run, and the DID is kept for the next runs. The AppView
answers a deleted post with 400 ``NotFound``: the conversation is gone.

A post's text is plain text; its facets (links, mentions) become links.
Facets count UTF-8 bytes, not characters: the text is sliced as bytes, and
a facet that does not fall on whole characters, overlaps another or leaves
the text is dropped (its words stay, unlinked).
"""

import json
import re
import threading
from html import escape
from urllib.parse import urlencode

from plugins.common.http import FetchError
from plugins.common.social import DID, HOST
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
    remote_date,
    text,
)
from .store import MAX_URL

DEPTH = 100  # levels of replies asked for (the API allows up to 1,000)
MAX_REPLIES = 5000
MAX_FACETS = 100
PROFILE = "https://bsky.app/profile/"
_POST_URI = re.compile(
    rf"at://({DID})/app\.bsky\.feed\.post/([A-Za-z0-9._~:-]{{1,100}})"
)
_DID = re.compile(DID)
_HANDLE = re.compile(HOST)
THREAD = "app.bsky.feed.defs#threadViewPost"
NOT_FOUND = "app.bsky.feed.defs#notFoundPost"
BLOCKED = "app.bsky.feed.defs#blockedPost"
LINK = "app.bsky.richtext.facet#link"
MENTION = "app.bsky.richtext.facet#mention"


class Resolver:
    """Handles resolved to DIDs, once per handle in one run (threads share it):
    a handle that cannot be resolved is asked once, not once per post."""

    def __init__(self, api):
        self.api = api.rstrip("/")
        self.dids = {}
        self.lock = threading.Lock()

    def did(self, handle, fetching):
        """The DID of ``handle``; raises the FetchError of its one attempt."""
        with self.lock:  # the first thread asks; the others wait for its answer
            if handle not in self.dids:
                try:
                    self.dids[handle] = self._resolve(handle, fetching)
                except FetchError as error:
                    self.dids[handle] = error
            found = self.dids[handle]
        if isinstance(found, FetchError):
            raise FetchError(found.kind, str(found), found.status)
        return found

    def _resolve(self, handle, fetching):
        query = urlencode({"handle": handle})
        url = f"{self.api}/xrpc/com.atproto.identity.resolveHandle?{query}"
        data = get_json(url, "handle", {}, fetching, Fetched())
        did = data.get("did") if isinstance(data, dict) else None
        if not isinstance(did, str) or not _DID.fullmatch(did):
            raise bad_answer(f"a DID for {handle}")
        return did


def fetch(conversation, validators, fetching, resolver, known_did=None):
    """``Fetched`` for one post's Bluesky thread; raises FetchError."""
    post = conversation.post
    did = post.actor if post.is_did else known_did or resolver.did(post.actor, fetching)
    fetched = Fetched(did=did)
    query = urlencode(
        {
            "uri": f"at://{did}/app.bsky.feed.post/{post.rkey}",
            "depth": DEPTH,
            "parentHeight": 0,
        }
    )
    url = f"{resolver.api}/xrpc/app.bsky.feed.getPostThread?{query}"
    try:
        data = get_json(url, "thread", validators, fetching, fetched)
    except FetchError as error:
        if not _not_found(error):
            raise
        fetched.gone = "the post was not found: deleted"
        return fetched
    if data is NOT_MODIFIED:
        return fetched
    thread = data.get("thread") if isinstance(data, dict) else None
    kind = thread.get("$type") if isinstance(thread, dict) else None
    if kind == NOT_FOUND:
        fetched.gone = "the post was not found: deleted"
        return fetched
    if kind != THREAD or not isinstance(thread.get("post"), dict):
        raise bad_answer("a Bluesky thread")
    root = thread["post"]
    fetched.counts = {
        conversation.slug: {
            name: value
            for name, value in (
                ("likes", count(root.get("likeCount"))),
                ("reposts", count(root.get("repostCount"))),
            )
            if value is not None
        }
    }
    fetched.replies = _replies(thread, did, fetched)
    return fetched


def _not_found(error):
    if error.status == 404:
        return True
    if error.status != 400:
        return False
    try:
        answer = json.loads(error.body)
    except (ValueError, RecursionError):
        return False
    return isinstance(answer, dict) and answer.get("error") == "NotFound"


def _replies(thread, writer_did, fetched):
    """Every reply under ``thread``, each knowing its parent; depth first,
    without recursion (a thread may be a thousand levels deep)."""
    found = []
    stack = [(reply, None) for reply in reversed(_children(thread))]
    while stack and len(found) < MAX_REPLIES:
        node, parent = stack.pop()
        kind = node.get("$type") if isinstance(node, dict) else None
        if kind != THREAD:
            fetched.skip(
                {NOT_FOUND: "deleted", BLOCKED: "blocked"}.get(kind, "unknown")
            )
            continue
        try:
            reply = _reply(node.get("post"), parent, writer_did)
        except Skip as skip:
            fetched.skip(str(skip))
            continue
        found.append(reply)
        stack.extend((child, reply.id) for child in reversed(_children(node)))
    return found


def _children(node):
    replies = node.get("replies")
    return replies if isinstance(replies, list) else []


def _reply(post, parent, writer_did):
    if not isinstance(post, dict):
        raise Skip("no post")
    uri = text(post.get("uri"), MAX_URL)
    address = _POST_URI.fullmatch(uri or "")
    if address is None:
        raise Skip("no id")
    author = post.get("author") if isinstance(post.get("author"), dict) else {}
    did = text(author.get("did"))
    did = did if did and _DID.fullmatch(did) else None
    handle = text(author.get("handle"))
    handle = handle.lower() if handle and _HANDLE.fullmatch(handle.lower()) else None
    handle = None if handle == "handle.invalid" else handle
    who = handle or did or address.group(1)
    record = post.get("record") if isinstance(post.get("record"), dict) else {}
    return Reply(
        id=stable_id("bluesky", uri),
        author=author_name(plain_text(text(author.get("displayName")) or "") or who),
        author_url=f"{PROFILE}{who}",
        date=remote_date(record.get("createdAt"), post.get("indexedAt")),
        html=rich_text(record.get("text"), record.get("facets")),
        source_url=f"{PROFILE}{who}/post/{address.group(2)}",
        identities=tuple(i for i in (handle, did) if i),
        parent=parent,
        by_writer=did is not None and did == writer_did,
        review=bool(post.get("labels")),
    )


def rich_text(value, facets):
    """A post's text and facets as paragraphs of HTML, links made."""
    if not isinstance(value, str) or not value.strip():
        raise Skip("empty")
    if len(value) > MAX_BODY_CHARS:
        raise Skip("too long")
    data = value.encode("utf-8", "replace")
    parts, at = [], 0
    for start, end, href in _links(facets, len(data)):
        if start < at:
            continue  # overlaps the one before
        try:
            before, inside = data[at:start].decode(), data[start:end].decode()
        except UnicodeDecodeError:
            continue  # not on whole characters
        parts += [escape(before), f'<a href="{escape(href)}">{escape(inside)}</a>']
        at = end
    parts.append(escape(data[at:].decode("utf-8", "replace")))
    paragraphs = re.split(r"\n\s*\n", "".join(parts).strip())
    html = "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return body_text(html)


def _links(facets, size):
    """``(start, end, href)`` of each facet that links, in order."""
    found = []
    for facet in facets[:MAX_FACETS] if isinstance(facets, list) else []:
        index = facet.get("index") if isinstance(facet, dict) else None
        if not isinstance(index, dict):
            continue
        start, end = count(index.get("byteStart")), count(index.get("byteEnd"))
        href = _href(facet.get("features"))
        if start is not None and end is not None and start < end <= size and href:
            found.append((start, end, href))
    return sorted(found)


def _href(features):
    for feature in features if isinstance(features, list) else []:
        if not isinstance(feature, dict):
            continue
        if feature.get("$type") == LINK:
            href = safe_url(text(feature.get("uri"), MAX_URL))
            if href:
                return href
        did = text(feature.get("did")) if feature.get("$type") == MENTION else None
        if did and _DID.fullmatch(did):
            return f"{PROFILE}{did}"
    return None
