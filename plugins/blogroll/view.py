"""What the theme shows: each blog with its latest posts and health, from the cache.

Reads only the cache, never the network: a fresh clone with no cache gives
every blog's name, link and tagline without posts. Readers never see the
raw error a fetch ran into, only a plain note that the posts may be out of
date.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .cache import load_all

GONE_NOTE = "This blog's feed has closed; its latest posts are no longer updated."


@dataclass
class ShownEntry:
    blog: str  # the blog's name
    title: str
    link: str | None
    date: datetime  # in the site's time zone
    date_text: str
    author: str
    summary: str


@dataclass
class ShownBlog:
    name: str
    url: str
    feed: str | None
    tagline: str
    entries: list = field(default_factory=list)  # ShownEntry, newest first
    health: str | None = None  # a note for readers when the feed has failed for days

    @property
    def latest(self):
        return self.entries[0] if self.entries else None


@dataclass
class Blogroll:
    blogs: list
    recent: list  # the newest posts from every blog together
    page_url: str
    opml_url: str


def blogroll_view(blogs, options, tz, date_format, now=None):
    """A ``Blogroll`` for the templates, from the cache in ``options``."""
    now = now or datetime.now(UTC)
    states = load_all(options["cache_path"], blogs)
    shown = []
    for blog in blogs:
        state = states.get(blog.key)
        entries = [
            _shown_entry(blog, entry, tz, date_format)
            for entry in (state.entries if state else [])
        ]
        shown.append(
            ShownBlog(
                name=blog.name,
                url=blog.url,
                feed=blog.feed,
                tagline=blog.tagline,
                entries=entries[: blog.entries],
                health=_health(state, now, options["health_days"]),
            )
        )
    recent = sorted(
        (entry for blog in shown for entry in blog.entries),
        key=lambda entry: entry.date,
        reverse=True,
    )[: options["recent"]]
    return Blogroll(shown, recent, options["page_url"], options["opml_save_as"])


def _shown_entry(blog, entry, tz, date_format):
    date = datetime.fromisoformat(entry.date).astimezone(tz)
    return ShownEntry(
        blog=blog.name,
        title=entry.title,
        link=entry.link,
        date=date,
        date_text=date.strftime(date_format),
        author=entry.author or "",
        summary=entry.summary or "",
    )


def _health(state, now, days):
    if state is None:
        return None
    if state.gone:
        return GONE_NOTE
    if not state.failures or not state.failing_since:
        return None
    since = datetime.fromisoformat(state.failing_since)
    if now - since < timedelta(days=days):
        return None
    if state.last_ok:
        return (
            "The latest posts could not be fetched for "
            f"{(now - since).days} days; what is shown may be out of date."
        )
    return f"The latest posts could not be fetched for {(now - since).days} days."
