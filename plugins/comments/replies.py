"""A reply from the social web, as every source gives it; no Pelican.

mastodon.py, bluesky.py and webmention.py each ask their API with
``get_json`` (the shared HTTP client, conditional GETs) and read its JSON into
``Reply`` values, checking every field they use: ids made stable from the
source, names as plain text, dates in bounds, bodies cleaned through the
allowlist (render.py) before they are kept anywhere. A value that cannot be
used raises ``Skip`` with a few words of our own, counted in the source's
report. ``Reply`` values are kept in the fetch's state (social_state.py) as
JSON, so a source that answers "not modified" is read again from there.

The block list (``COMMENTS["blocked"]``) is matched here against each
reply's ``identities``: Mastodon accounts (``user@host``), Bluesky handles
and DIDs, and the hosts of the reply's addresses.
"""

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from plugins.common.http import FetchError, fetch

from .importing import AHEAD, EARLIEST, Skip

MAX_IDENTITY = 300
MAX_COUNT = 10**9  # a like count over a billion is no count


@dataclass(frozen=True)
class Reply:
    """One reply (or a mention, ``kind="mention"``) as its source gives it."""

    id: str  # our comment id, stable: the same reply gets it at every fetch
    author: str  # plain text
    author_url: str | None  # the author's profile, http(s)
    date: datetime
    html: str  # the body, already through the allowlist
    source_url: str | None  # the reply itself at its source
    identities: tuple = ()  # what the block list is matched against
    parent: str | None = None  # the id of the reply it answers; None: the post
    kind: str = "comment"  # or "mention"
    title: str | None = None  # a mention's page title
    by_writer: bool = False  # written by the author of the post it answers
    review: bool = False  # waits for approval whatever auto_approve says
    target: str | None = None  # (webmention) the page of ours it is about

    def to_dict(self):
        return dict(asdict(self), date=self.date.isoformat())

    @classmethod
    def from_dict(cls, data):
        return cls(
            **dict(
                data,
                date=datetime.fromisoformat(data["date"]),
                identities=tuple(data["identities"]),
            )
        )


@dataclass
class Fetched:
    """What one source gave: its replies and counts, or that it is gone.

    ``replies`` or ``counts`` is None when the server said "not modified":
    the last ones kept stand. ``validators`` are the ETag and Last-Modified
    of each address asked, for the next conditional GET.
    """

    replies: list | None = None
    counts: dict | None = None  # post slug -> {"likes": N, ...}; or one post's
    gone: str | None = None  # why the conversation is gone (404, deleted)
    skipped: dict = field(default_factory=dict)  # reason -> number of replies
    validators: dict = field(default_factory=dict)
    did: str | None = None  # (Bluesky) the author's DID, once resolved
    body_bytes: int = 0  # of every answer read (a "not modified" has none)

    def skip(self, reason):
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


NOT_MODIFIED = object()  # what get_json gives for a 304


def get_json(url, name, validators, fetching, fetched):
    """The JSON at ``url``, or NOT_MODIFIED; raises ``FetchError``.

    ``validators[name]`` are the ETag and Last-Modified kept from the last
    answer (for a conditional GET); the new ones go into ``fetched``.
    ``fetching`` is ``(Limits, deadline)``.
    """
    etag, last_modified = validators.get(name) or (None, None)
    limits, deadline = fetching
    response = fetch(url, etag, last_modified, limits, deadline)
    headers = response.headers
    fetched.body_bytes += len(response.body)
    if response.status == 304:
        fetched.validators[name] = [
            headers.get("etag", etag),
            headers.get("last-modified", last_modified),
        ]
        return NOT_MODIFIED
    fetched.validators[name] = [headers.get("etag"), headers.get("last-modified")]
    try:
        return json.loads(response.body)
    except (ValueError, RecursionError) as error:  # RecursionError: [[[[...
        raise FetchError(
            "not-json", f"the answer is not JSON ({type(error).__name__})"
        ) from None


def bad_answer(what):
    return FetchError("bad-answer", f"the answer is not {what}")


def text(value, limit=MAX_IDENTITY):
    """``value`` if it is a string of at most ``limit`` characters, else None."""
    return value if isinstance(value, str) and len(value) <= limit else None


def count(value):
    """A whole number 0 to MAX_COUNT, else None (a count not given)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= MAX_COUNT else None


def remote_date(*values):
    """The first value that is an ISO 8601 time with a zone, in our bounds.

    A client may write any date into a post (Bluesky's ``createdAt``);
    the next value (when the server saw it) is the fallback.
    """
    for value in values:
        if not isinstance(value, str) or len(value) > 40:
            continue
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            continue
        if moment.tzinfo is not None and EARLIEST <= moment <= _latest():
            return moment
    raise Skip("bad date")


def _latest():
    return datetime.now(UTC) + AHEAD


def host_of(url):
    """The lower-case host of an address, or None."""
    try:
        host = urlsplit(url).hostname if isinstance(url, str) else None
    except ValueError:
        return None
    return host if host and len(host) <= MAX_IDENTITY else None


def block_rules(entries):
    """``COMMENTS["blocked"]`` entries as rules: lower case, no leading "@"."""
    return tuple(entry.strip().lower().lstrip("@") for entry in entries)


def is_blocked(identities, rules):
    """Whether any identity is blocked by any rule.

    A rule with an "@" (``troll@bad.example``) is one Mastodon account, one
    starting with ``did:`` one Bluesky account; any other rule is a domain,
    blocking every account, handle and address at it or under it.
    """
    for identity in identities:
        host = identity.rsplit("@", 1)[-1]
        for rule in rules:
            if "@" in rule or rule.startswith("did:"):
                if identity == rule:
                    return True
            elif host == rule or host.endswith(f".{rule}"):
                return True
    return False
