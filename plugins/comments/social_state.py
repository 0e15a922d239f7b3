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

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from plugins.common.files import write_atomic

from .replies import Reply

logger = logging.getLogger(__name__)
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
        data = asdict(self)
        if self.replies is not None:
            data["replies"] = [reply.to_dict() for reply in self.replies]
        return json.dumps({"version": VERSION, **data}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("not a social state file of this version")
        known = {f.name for f in fields(cls)}
        state = cls(**{key: value for key, value in data.items() if key in known})
        if state.replies is not None:
            state.replies = [Reply.from_dict(item) for item in state.replies]
        return state


def state_file(folder, source, address):
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:24]
    return Path(folder) / f"{source}-{digest}.json"


def load(folder, source, address):
    """The source's saved state, or a fresh one (a first fetch, a bad file)."""
    path = state_file(folder, source, address)
    try:
        state = SourceState.from_json(path.read_text(encoding="utf-8"))
        if (state.source, state.address) == (source, address):
            return state
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        aside = path.with_suffix(".json.unreadable")
        logger.warning(
            "comments: %s: cannot read the state of %s (%s); moved to %s",
            path,
            address,
            error,
            aside.name,
        )
        with contextlib.suppress(OSError):
            os.replace(path, aside)
    return SourceState(source, address)


def save(folder, state):
    """Atomic, not synced: a state lost in a crash costs one whole fetch."""
    path = state_file(folder, state.source, state.address)
    write_atomic(path, state.to_json(), durable=False)
