"""What each social source's last fetch left: one JSON file per source.

The state lives outside content/ and output/ (``cache/social/`` by
default), one file per conversation (its address hashed) and one for the
site's webmentions: the ETag and Last-Modified of each address asked (the
next fetch is a conditional GET), the last good replies and counts (a
"not modified" answer stands for them), the Bluesky author's DID, and the
last attempt, success and error. Every write is atomic; a file that cannot
be read is moved aside (``.unreadable``) and the source starts afresh,
which costs one whole fetch and loses nothing: the comments are in the
store.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from plugins.common.files import write_atomic
from plugins.common.state_files import read_state, state_from_json, state_json

from .replies import Reply

VERSION = 1


@dataclass
class SourceState:
    source: str  # mastodon | bluesky | webmention
    address: str  # the post's address, or the webmention.io domain and API
    validators: dict = field(default_factory=dict)  # name -> [etag, last-modified]
    did: str | None = None  # (Bluesky) the DID of the post's author
    replies: list | None = None  # Reply, the last good ones
    counts: dict | None = None  # slug -> {"likes": N, ...}, the last good ones
    last_attempt: str | None = None  # ISO times, UTC
    last_ok: str | None = None
    last_error: str | None = None  # for the writer only, never shown to readers
    failures: int = 0  # consecutive

    def to_json(self):
        replies = self.replies
        if replies is not None:
            replies = [reply.to_dict() for reply in replies]
        return state_json(self, VERSION, replies=replies)

    @classmethod
    def from_json(cls, text):
        state = state_from_json(cls, text, VERSION)
        if state.replies is not None:
            state.replies = [Reply.from_dict(item) for item in state.replies]
        return state


def state_file(folder, source, address):
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:24]
    return Path(folder) / f"{source}-{digest}.json"


def load(folder, source, address):
    """The source's saved state, or a fresh one (a first fetch, a bad file)."""
    state = read_state(
        state_file(folder, source, address), SourceState.from_json, address
    )
    if state is not None and (state.source, state.address) == (source, address):
        return state
    return SourceState(source, address)


def save(folder, state):
    """Atomic, not synced: a state lost in a crash costs one whole fetch."""
    path = state_file(folder, state.source, state.address)
    write_atomic(path, state.to_json(), durable=False)
