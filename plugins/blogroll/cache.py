"""Each feed's state and last good entries: one JSON file per feed.

The cache lives outside content/ and output/ (``cache/blogroll/`` by
default) and every write is atomic, so a build reading it mid-fetch sees
the old state or the new one. A file that cannot be read is moved aside
(``.unreadable``), never overwritten, and the feed starts afresh.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from plugins.common.files import write_atomic
from plugins.common.state_files import read_state, state_from_json, state_json

from .entries import Entry

logger = logging.getLogger(__name__)
VERSION = 1


@dataclass
class FeedState:
    feed: str  # the address it was fetched from
    name: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: str | None = None  # ISO times, UTC
    last_ok: str | None = None
    last_status: int | None = None
    last_error: str | None = None  # for the writer only, never shown to readers
    failures: int = 0  # consecutive
    failing_since: str | None = None
    gone: bool = False  # the server answered 410
    moved_to: str | None = None  # a permanent redirect's target, to tell the writer
    title: str = ""
    site_link: str | None = None
    entries: list = field(default_factory=list)  # Entry objects, newest first
    first_seen: dict = field(default_factory=dict)  # entry id -> ISO time

    def to_json(self):
        entries = [entry.to_dict() for entry in self.entries]
        return state_json(self, VERSION, entries=entries)

    @classmethod
    def from_json(cls, text):
        state = state_from_json(cls, text, VERSION)
        state.entries = [Entry.from_dict(item) for item in state.entries]
        return state


def cache_file(folder, blog):
    return Path(folder) / f"{blog.key}.json"


def load(folder, blog):
    """The feed's saved state, or a fresh one (the first fetch, or a bad file)."""
    path, what = cache_file(folder, blog), f"the blog {blog.name}"
    state = read_state(path, FeedState.from_json, what)
    return state or FeedState(feed=blog.feed or blog.url, name=blog.name)


def save(folder, blog, state):
    write_atomic(cache_file(folder, blog), state.to_json())


def load_all(folder, blogs):
    """{blog.key: FeedState} for the blogs with a cache file; nothing is written."""
    states = {}
    for blog in blogs:
        path = cache_file(folder, blog)
        if not path.is_file():
            continue
        try:
            states[blog.key] = FeedState.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, AttributeError) as error:
            logger.warning(
                "blogroll: %s: cannot read the cache for %s (%s); shown without posts",
                path,
                blog.name,
                error,
            )
    return states
