"""Comments across the site: each post's thread, counts, recent comments.

No Pelican here: ``aggregate`` takes the posts (and pages) as ``PostRef``
values and the stored comments, and returns what the templates and feeds
show. Mentions (other pages linking to a post) are kept apart: they are in
no thread, count, feed or "Recent comments".
"""

import hashlib
import re
from dataclasses import dataclass, field, fields, replace
from functools import cached_property

from plugins.common.cache import key
from plugins.common.social import HOST, api_address_problem

from .render import render_body, safe_url
from .store import SOCIAL
from .thread_html import thread_html
from .threads import build_threads

DEFAULTS = {
    "path": "comments",  # under the content folder
    "display_depth": 5,
    "recent": 20,  # comments on the "Recent comments" page
    "recent_save_as": "comments/index.html",  # "" for no page
    "recent_url": "comments/",
    "email": "",  # address for "Reply by email"; empty: no link
    "feed_atom": "feeds/comments/{slug}.atom.xml",
    "feed_rss": "feeds/comments/{slug}.rss.xml",
    "site_feed_atom": "feeds/comments.atom.xml",
    "site_feed_rss": "feeds/comments.rss.xml",
    "site_feed_items": 50,
    # The social web (social.py, `invoke fetch-comments`):
    "auto_approve": [],  # sources whose new replies are published at once
    "blocked": [],  # accounts (user@host, did:...) and domains never stored
    "bluesky_api": "https://public.api.bsky.app",  # the AppView asked
    "webmention_io": None,  # {"domain": ..., "token": ..., "api": ...}
}
WEBMENTION_IO_API = "https://webmention.io/api"
_EMAIL = re.compile(r"^[^@\s<>\"?&%/]+@[A-Za-z0-9.-]+$")


@dataclass(frozen=True)
class PostRef:
    """What comments need to know of a post."""

    slug: str
    title: str  # plain text
    url: str


@dataclass(frozen=True)
class Shown:
    """A published comment as templates and feeds see it (no email)."""

    id: str
    post: PostRef
    author: str
    author_url: str | None
    date: object
    html: str  # Markup: the body, cleaned (render.py)
    replyto: str | None
    by_writer: bool
    source: str = "file"  # where it came from (store.SOURCES)
    source_url: str | None = None  # the comment itself at its source
    date_iso: str = ""  # computed once: templates and feeds show each many times
    date_text: str = ""

    @property
    def anchor(self):
        return f"comment-{self.id}"


@dataclass(frozen=True)
class Mention:
    """Another page that links to a post, as the post's page lists it."""

    url: str
    title: str  # plain text: the page's title, else its author's name
    author: str
    date_iso: str
    date_text: str


@dataclass
class PostComments:
    """One post's published comments."""

    post: PostRef
    thread: object  # threads.Thread of Shown
    comments: list  # Shown, by date
    feed_atom: str = ""
    feed_rss: str = ""
    base_url: str = ""  # absolute site address, for feeds
    email: str = ""  # COMMENTS["email"]: each comment's "Reply by email"

    @property
    def count(self):
        return len(self.comments)

    @cached_property
    def thread_html(self):
        """The threads' ``<li>`` items, for the post's page."""
        return thread_html(self.thread.roots, self.email)

    def view_key(self):
        """A digest of all a page or a feed can read here (plugins/writer/pages.py):
        every field, the thread by its shape (its comments are in ``comments``)."""
        return self._digest

    @cached_property
    def _digest(self):  # made once: a post's page and both its feeds ask
        shape, stack = [], list(reversed(self.thread.roots))
        while stack:  # replies can nest deeper than repr() could recurse
            node = stack.pop()
            shape.append((node.comment.id, node.level, node.orphan, node.in_reply_to))
            shape.append(len(node.children))
            stack.extend(reversed(node.children))
        values = [
            shape if item.name == "thread" else getattr(self, item.name)
            for item in fields(self)
        ]
        return hashlib.sha256(repr(values).encode("utf-8", "surrogatepass")).digest()


class LatePostComments:
    """A post's ``PostComments``, made when a page or a feed first reads more
    than what a feed entry tells of them (the post, the count, the feeds'
    names): until then it is known by the digest of what it is made from
    (``view_key``). A rebuild makes only those of posts whose comments or page
    changed."""

    def __init__(self, digest, post, *, count, feeds, base_url, make):
        self._digest = digest
        self.post, self.count, self.base_url = post, count, base_url
        self.feed_atom, self.feed_rss = feeds
        self._make = make  # () -> PostComments
        self._made = None

    def view_key(self):
        return self._digest

    def __getattr__(self, name):  # only for what __init__ did not set
        if name.startswith("_"):
            raise AttributeError(name)
        if self._made is None:
            self._made = self._make()
        return getattr(self._made, name)


@dataclass
class SiteComments:
    by_post: dict  # slug -> PostComments (or LatePostComments)
    recent: list  # Shown, newest first
    latest: list  # Shown, newest first: as many as the site feed and recent show
    warnings: list = field(default_factory=list)
    mentions: dict = field(default_factory=dict)  # slug -> [Mention], by date
    orphans: dict = field(default_factory=dict)  # digest -> orphans, to keep


def check_config(config):
    """One message per bad setting."""
    problems = []
    depth = config.get("display_depth")
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        problems.append(f"display_depth must be a whole number >= 1, got {depth!r}")
    for name in ("recent", "site_feed_items"):
        value = config.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{name} must be a whole number >= 0, got {value!r}")
    email = config.get("email")
    if isinstance(email, str) and email and not _EMAIL.match(email):
        problems.append(f"email must be one plain address, got {email!r}")
    for name in ("path", "email", "feed_atom", "feed_rss", "recent_save_as"):
        if not isinstance(config.get(name), str):
            problems.append(f"{name} must be text, got {config.get(name)!r}")
    for name in ("site_feed_atom", "site_feed_rss", "recent_url"):
        if not isinstance(config.get(name), str | None):
            problems.append(f"{name} must be text or None")
    problems += _social_problems(config)
    unknown = sorted(set(config) - set(DEFAULTS))
    problems += [f"unknown setting {name!r}" for name in unknown]
    return problems


def _social_problems(config):
    problems = []
    approve = config.get("auto_approve")
    if not isinstance(approve, list | tuple) or not set(approve) <= set(SOCIAL):
        problems.append(f"auto_approve must be a list of {', '.join(SOCIAL)}")
    blocked = config.get("blocked")
    if not isinstance(blocked, list | tuple) or not all(
        isinstance(entry, str) and entry.strip() for entry in blocked
    ):
        problems.append("blocked must be a list of accounts and domains")
    problem = api_address_problem(config.get("bluesky_api"))
    if problem:
        problems.append(f"bluesky_api {problem}")
    problem = _webmention_io_problem(config.get("webmention_io"))
    if problem:
        problems.append(f"webmention_io {problem}")
    return problems


def _webmention_io_problem(value):
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"domain", "token", "api"}:
        return "must be None or a dict of domain, token and api"
    domain, token = value.get("domain"), value.get("token")
    if not isinstance(domain, str) or not re.fullmatch(HOST, domain):
        return f"domain must be the site's host name, got {domain!r}"
    if not isinstance(token, str) or not token.strip():
        return "token must be the token webmention.io gives"
    return api_address_problem(value.get("api", WEBMENTION_IO_API))


def webmention_endpoint(config):
    """The address pages name in ``<link rel="webmention">``, or None."""
    webmention_io = config.get("webmention_io")
    if not webmention_io:
        return None
    base = webmention_io["api"].rstrip("/").removesuffix("/api")
    return f"{base}/{webmention_io['domain']}/webmention"


def settings(overrides):
    """The defaults merged per key with ``overrides``; bad values fall back."""
    config = dict(DEFAULTS, **(overrides or {}))
    problems = check_config(config)
    for name, default in DEFAULTS.items():
        if any(problem.startswith(f"{name} ") for problem in problems):
            config[name] = default
    if config["webmention_io"]:
        config["webmention_io"] = {"api": WEBMENTION_IO_API, **config["webmention_io"]}
    return config, problems


def _dates(comment, tz):
    date = comment.date.astimezone(tz) if tz else comment.date
    return date, date.isoformat(), f"{date.day} {date:%B %Y, %H:%M}"


def _shown(comment, post, writer, tz, html=None):
    by_writer = comment.author_is_writer or (
        bool(writer) and comment.author.casefold() == writer.casefold()
    )
    date, date_iso, date_text = _dates(comment, tz)
    return Shown(
        id=comment.id,
        post=post,
        author=comment.author,
        author_url=safe_url(comment.url),
        date=date,
        date_iso=date_iso,
        date_text=date_text,
        html=render_body(comment.body, comment.format) if html is None else html,
        replyto=comment.replyto,
        by_writer=by_writer,
        source=comment.source,
        source_url=safe_url(comment.source_url),
    )


def aggregate(
    posts,
    comments,
    config,
    *,
    writer="",
    base_url="",
    tz=None,
    rendered=None,
    digests=None,
    kept_orphans=None,
):
    """Publish the approved ``comments`` of ``posts``; warn about the rest.

    ``rendered`` maps a comment's path to its body's HTML, where known.
    ``digests`` maps each comment's path to the hash of its file: then each
    post's comments are a ``LatePostComments``, and ``kept_orphans`` (the
    ``orphans`` of an earlier build: digest -> ``[id, replyto]`` of each
    orphan) says what to warn about without making them.
    """
    rendered = rendered or {}
    refs = {}
    for post in posts:  # a page with the slug of a post gets none of its comments
        refs.setdefault(post.slug, post)
    grouped, mentioned, unknown = {}, {}, {}
    for comment in comments:
        if comment.status != "approved":
            continue
        if comment.post not in refs:
            unknown.setdefault(comment.post, []).append(comment.path)
        elif comment.kind == "mention":
            mentioned.setdefault(comment.post, []).append(comment)
        else:
            grouped.setdefault(comment.post, []).append(comment)
    warnings = [
        f"{paths[0]}: no published post with the slug '{slug}'"
        + (f" (nor {len(paths) - 1} other comment(s) beside it)" if paths[1:] else "")
        for slug, paths in unknown.items()
    ]
    made = _Making(config, writer, base_url, tz, rendered)
    by_post, newest, orphaned, orphans = {}, [], {}, {}
    for slug, found in grouped.items():
        post = refs[slug]
        if digests is None:
            by_post[slug], orphaned[slug] = made.post_comments(post, found)
        else:
            late = made.late(post, found, digests, kept_orphans or {})
            by_post[slug], orphaned[slug] = late
            orphans[late[0].view_key().decode()] = orphaned[slug]
        paths = {comment.id: comment.path for comment in found}
        warnings += [
            f"{paths[orphan_id]}: replyto '{replyto}' is not a published "
            "comment on this post; shown at the top level"
            for orphan_id, replyto in orphaned[slug]
        ]
        newest += sorted(found, key=_by_date)
    count = max(config["recent"], config["site_feed_items"])
    newest = sorted(newest, key=_by_date, reverse=True)[:count]
    latest = [
        made.shown(comment, refs[comment.post], orphaned[comment.post])
        for comment in newest
    ]
    mentions = {
        slug: [_mention(c, tz) for c in sorted(found, key=_by_date)]
        for slug, found in mentioned.items()
    }
    recent = latest[: config["recent"]]
    return SiteComments(by_post, recent, latest, warnings, mentions, orphans)


FEEDS = ("feed_atom", "feed_rss")


def _by_date(comment):
    return (comment.date, comment.id)


class _Making:
    """How one build makes a post's ``PostComments``."""

    def __init__(self, config, writer, base_url, tz, rendered):
        self.config, self.writer, self.base_url = config, writer, base_url
        self.tz, self.rendered = tz, rendered
        shaping = [config[name] for name in ("display_depth", "email")]
        shaping += [config["feed_atom"], config["feed_rss"], writer, base_url]
        self._inputs = repr((shaping, getattr(tz, "key", str(tz))))

    def shown(self, comment, post, orphans=()):
        """``comment`` as shown; an orphan's feeds thread it under the post."""
        html = self.rendered.get(comment.path)
        item = _shown(comment, post, self.writer, self.tz, html)
        if any(item.id == orphan_id for orphan_id, _replyto in orphans):
            item = replace(item, replyto=None)
        return item

    def post_comments(self, post, found):
        """``(PostComments, [[id, replyto] of each orphan]]``."""
        shown = [self.shown(comment, post) for comment in found]
        thread = build_threads(shown, self.config["display_depth"])
        orphans = [[orphan.id, orphan.replyto] for orphan in thread.orphans]
        if orphans:  # feeds thread an orphan under the post itself
            shown = [self.shown(comment, post, orphans) for comment in found]
        shown.sort(key=_by_date)
        made = PostComments(
            post, thread, shown, *self._feeds(post), self.base_url, self.config["email"]
        )
        return made, orphans

    def _feeds(self, post):
        """The addresses of a post's comment feeds (Atom, RSS)."""
        return [self.config[name].format(slug=post.slug) for name in FEEDS]

    def late(self, post, found, digests, kept_orphans):
        """``(LatePostComments, orphans)``, made now only if ``kept_orphans``
        does not know their orphans."""
        digest = key(
            "post comments",
            self._inputs,
            repr(post),
            *(f"{c.path}\0{digests[c.path]}" for c in found),
        )
        orphans, made = kept_orphans.get(digest), None
        if orphans is None:  # not known: made now, to say what to warn about
            made, orphans = self.post_comments(post, found)
        late = LatePostComments(
            digest.encode(),
            post,
            count=len(found),
            feeds=self._feeds(post),
            base_url=self.base_url,
            make=lambda: made if made else self.post_comments(post, found)[0],
        )
        return late, orphans


def _mention(comment, tz):
    _date, date_iso, date_text = _dates(comment, tz)
    return Mention(
        url=safe_url(comment.url) or "",
        title=comment.title or comment.author,
        author=comment.author,
        date_iso=date_iso,
        date_text=date_text,
    )
