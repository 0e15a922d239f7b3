"""A post's conversations on the social web: their addresses checked; no Pelican.

A post names its Mastodon and Bluesky conversations in front matter::

    mastodon: https://HOST/@user/STATUS_ID
    bluesky: https://bsky.app/profile/HANDLE/post/RKEY

The reader (plugins/frontmatter_reader/post.py) refuses any other shape, so
that ``invoke fetch-comments`` (plugins/comments/social.py) only ever asks
the API of the host the writer named, and the theme only links to an
address of exactly this shape. An address must be https: over plain http
anyone on the way could write replies onto the journal. Only a loopback
host (127.0.0.1, localhost: the tests' servers, a server on the writer's
own machine) may be plain http, as may the API settings checked here.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_ADDRESS = 300  # characters: longer is a paste gone wrong
LOOPBACK = ("127.0.0.1", "localhost")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST = rf"{_LABEL}(?:\.{_LABEL})*"
_MASTODON = re.compile(
    rf"(?P<scheme>https?)://(?P<host>{HOST})(?::(?P<port>[0-9]{{1,5}}))?"
    rf"/@(?P<user>[A-Za-z0-9_][A-Za-z0-9_.-]{{0,63}}(?:@{HOST})?)"
    r"/(?P<id>[A-Za-z0-9]{1,64})"
)
DID = r"did:(?:plc:[a-z2-7]{24}|web:" + HOST + r")"
_BLUESKY = re.compile(
    rf"https://bsky\.app/profile/(?P<actor>{HOST}|{DID})"
    r"/post/(?P<rkey>[A-Za-z0-9._~-]{1,100})"
)
MASTODON_SHAPE = "https://HOST/@user/ID"
BLUESKY_SHAPE = "https://bsky.app/profile/HANDLE/post/ID"


@dataclass(frozen=True)
class MastodonPost:
    """A Mastodon post: its API is on its own host."""

    url: str  # as the writer wrote it (the host in lower case)
    origin: str  # scheme, host and port: where the API is
    host: str
    user: str  # user, or user@domain for a remote account seen on ``host``
    status_id: str


@dataclass(frozen=True)
class BlueskyPost:
    """A Bluesky post: ``actor`` is its author's handle or DID."""

    url: str
    actor: str
    rkey: str

    @property
    def is_did(self):
        return self.actor.startswith("did:")


def mastodon_post(value):
    """``(MastodonPost, None)``, or ``(None, problem)`` for any other value."""
    text, problem = _address(value, MASTODON_SHAPE)
    if problem:
        return None, problem
    found = _MASTODON.fullmatch(text)
    if found is None or not 0 < int(found["port"] or 443) < 65536:
        return None, _shape(text, MASTODON_SHAPE)
    if found["scheme"] == "http" and found["host"] not in LOOPBACK:
        return None, f"must start with https://, got '{text[:60]}'"
    port = f":{found['port']}" if found["port"] else ""
    origin = f"{found['scheme']}://{found['host']}{port}"
    return (
        MastodonPost(
            url=f"{origin}/@{found['user']}/{found['id']}",
            origin=origin,
            host=found["host"],
            user=found["user"],
            status_id=found["id"],
        ),
        None,
    )


def bluesky_post(value):
    """``(BlueskyPost, None)``, or ``(None, problem)`` for any other value."""
    text, problem = _address(value, BLUESKY_SHAPE)
    if problem:
        return None, problem
    found = _BLUESKY.fullmatch(text)
    if found is None:
        return None, _shape(text, BLUESKY_SHAPE)
    return BlueskyPost(url=text, actor=found["actor"], rkey=found["rkey"]), None


def _address(value, shape):
    if not isinstance(value, str):
        return None, f"must be an address like {shape}"
    text = value.strip()
    if len(text) > MAX_ADDRESS:
        return None, f"longer than {MAX_ADDRESS} characters"
    scheme, _, rest = text.partition("://")
    return f"{scheme.lower()}://{_lower_host(rest)}" if rest else text, None


def _lower_host(rest):
    host, slash, path = rest.partition("/")
    return host.lower() + slash + path


def _shape(text, shape):
    return f"must be a post's address, {shape}, got '{text[:60]}'"


def api_address_problem(value):
    """None for an API's base address we may fetch from, else the problem:
    https (or http on a loopback host), a host, no query, user or fragment."""
    if not isinstance(value, str) or len(value) > MAX_ADDRESS:
        return f"must be an https:// address, got {value!r}"
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return f"must be an https:// address, got {value!r}"
    plain = parts.scheme == "http" and host in LOOPBACK
    if not (parts.scheme == "https" or plain) or not re.fullmatch(HOST, host):
        return f"must be an https:// address, got {value!r}"
    if parts.query or parts.fragment or parts.username or "@" in parts.netloc:
        return f"must be a plain address (no ?, # or user), got {value!r}"
    return None
