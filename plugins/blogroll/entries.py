"""A fetched feed's bytes -> clean, plain-text entries.

feedparser parses the bytes we fetched (it never fetches anything itself:
it gets a stream, never an address or a string it could take for a file
name). Everything that comes out is untrusted: titles and summaries become
plain text through nh3 with an empty allowlist (script, style and iframe
contents dropped), links must be http(s) after being made absolute, and
characters that XML cannot hold are removed. The templates escape it all
again when they print it.
"""

import io
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from plugins.common.text import plain_text, xml_safe

MAX_TITLE = 200
MAX_AUTHOR = 100


@dataclass
class Entry:
    id: str
    title: str
    link: str | None  # None when the feed gave no usable web address
    date: str  # ISO 8601, UTC
    date_source: str  # published | updated | first seen
    author: str
    summary: str

    @classmethod
    def from_dict(cls, data):
        return cls(**{key: data.get(key) for key in cls.__dataclass_fields__})

    def to_dict(self):
        return asdict(self)


@dataclass
class ParsedFeed:
    entries: list
    title: str
    site_link: str | None
    warning: str | None  # the feed parsed, with a problem worth telling


class NotAFeed(ValueError):
    """The bytes are not a feed (an HTML page, or XML feedparser cannot read)."""


def parse_feed(body, feed_url, content_type=None, now=None, first_seen=None, **kw):
    """Parse ``body`` (bytes) into a ``ParsedFeed`` or raise ``NotAFeed``.

    ``first_seen`` maps entry ids to the ISO date they were first fetched:
    the date of an entry without published or updated dates. ``now`` is the
    fetch time: new entries are first seen then, and no date is later.
    """
    # Imported here: a build reads the stored entries and never needs it,
    # and importing it took a tenth of a second of every build.
    import feedparser

    now = now or datetime.now(UTC)
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers=headers,
        resolve_relative_uris=False,  # we make links absolute ourselves
        sanitize_html=False,  # nh3 below, with our allowlist, sees the raw markup
    )
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeed(_not_a_feed_reason(parsed, body))
    base = feed_url
    site_link = absolute_link(parsed.feed.get("link"), feed_url)
    entries = [
        _entry(raw, base, now, first_seen or {}, kw.get("summary_chars", 240))
        for raw in parsed.entries
    ]
    warning = None
    # Problems feedparser reports that do not make a feed worse to read.
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), harmless):
        warning = f"read despite errors: {_reason(parsed.get('bozo_exception'))}"
    return ParsedFeed(
        entries=deduplicate(sorted(entries, key=lambda e: e.date, reverse=True)),
        title=plain_text(parsed.feed.get("title", ""), MAX_TITLE),
        site_link=site_link,
        warning=warning,
    )


def _not_a_feed_reason(parsed, body):
    start = body[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "an HTML page, not a feed"
    if not body.strip():
        return "an empty answer, not a feed"
    return f"not a feed: {_reason(parsed.get('bozo_exception'))}"


def _reason(error):
    if error is None:
        return "no RSS or Atom found"
    text = getattr(error, "getMessage", lambda: str(error))()
    return plain_text(text, 160) or type(error).__name__


def _entry(raw, base, now, first_seen, summary_chars):
    link = absolute_link(raw.get("link"), base)
    summary_html = raw.get("summary") or ""
    if not summary_html and raw.get("content"):
        summary_html = raw["content"][0].get("value", "")
    summary = plain_text(summary_html, summary_chars)
    entry_id = xml_safe(str(raw.get("id") or link or raw.get("title") or summary))[:500]
    date, source = _date(raw, entry_id, now, first_seen)
    title = plain_text(raw.get("title") or "", MAX_TITLE)
    return Entry(
        id=entry_id,
        title=title or _title_from(summary),
        link=link,
        date=date,
        date_source=source,
        author=plain_text(raw.get("author") or "", MAX_AUTHOR),
        summary=summary,
    )


def _title_from(summary):
    words = summary.split()
    if not words:
        return "Untitled post"
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def _date(raw, entry_id, now, first_seen):
    """(ISO date, source): published, then updated, then first seen; never future."""
    for name in ("published", "updated"):
        parsed = raw.get(f"{name}_parsed")
        if parsed:
            try:
                when = datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
            return min(when, now).isoformat(), name
    seen = first_seen.get(entry_id) or now.isoformat()
    return min(datetime.fromisoformat(seen), now).isoformat(), "first seen"


def absolute_link(value, base):
    """``value`` made absolute against ``base``, if it is a web address; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    link = xml_safe(urljoin(base, value.strip()))
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if any(c.isspace() or ord(c) < 32 for c in link):
        return None
    return link


def normalised_link(link):
    """A link's identity: no scheme, lower-case host, no trailing slash, no #part."""
    parts = urlsplit(link)
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}"


def deduplicate(entries):
    """The first of each id, then the first of each normalised link."""
    ids, links, kept = set(), set(), []
    for entry in entries:
        link = normalised_link(entry.link) if entry.link else None
        if entry.id in ids or (link and link in links):
            continue
        ids.add(entry.id)
        if link:
            links.add(link)
        kept.append(entry)
    return kept
