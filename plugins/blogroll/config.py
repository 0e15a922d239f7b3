"""The blogroll's settings: ``BLOGROLL`` entries and ``BLOGROLL_SETTINGS``.

Plain Python, no Pelican: the plugin, ``tasks.py`` and the tests all call it.
Every bad key is reported once, precisely, and replaced by its default (a
bad setting) or skipped (a bad blog), so one typo never stops a build.
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

DEFAULTS = {
    "cache_path": "cache/blogroll",  # outside content/ and output/
    "timeout": 10,  # seconds for one feed, from connecting to the last byte
    "deadline": 60,  # seconds for all feeds together
    "concurrency": 64,  # feeds fetched at the same time (one thread each)
    "max_bytes": 5_000_000,  # bytes on the wire for one feed
    "max_decompressed": 20_000_000,  # bytes after gzip/deflate for one feed
    "max_redirects": 5,
    "refresh": "1h",  # a feed fetched this recently is not fetched again
    "entries": 3,  # posts shown per blog on the blogroll page
    "keep": 10,  # posts kept per blog in the cache
    "recent": 20,  # posts on the "From the blogroll" page, all blogs together
    "summary_chars": 240,
    "health_days": 3,  # a feed failing this long gets a note on the site
    "user_agent": "beats-per-minute-blogroll/1.0 (+condition journal)",
    "page_url": "blogroll/",
    "page_save_as": "blogroll/index.html",
    "opml_save_as": "blogroll.opml",
}
POSITIVE_NUMBERS = (
    "timeout",
    "deadline",
    "concurrency",
    "max_bytes",
    "max_decompressed",
    "entries",
    "keep",
    "recent",
    "summary_chars",
    "health_days",
)
WHOLE_NUMBERS = ("max_redirects",)
TEXTS = ("cache_path", "user_agent", "page_url", "page_save_as", "opml_save_as")
BLOG_KEYS = ("name", "url", "feed", "tagline")
FEED_OPTIONS = ("refresh", "entries", "timeout")  # per-blog overrides
DURATION = re.compile(r"^\s*(\d+)\s*(s|min|h|d)?\s*$")
SECONDS = {"s": 1, "min": 60, "h": 3600, "d": 86400, None: 1}


@dataclass(frozen=True)
class Blog:
    """One blogroll entry, checked; ``feed`` is None for a blog without one."""

    name: str
    url: str
    feed: str | None
    tagline: str = ""
    refresh: int = 3600  # seconds
    entries: int = 3
    timeout: float = 10

    @property
    def key(self):
        """The cache file's name: stable for one feed address."""
        return hashlib.sha256((self.feed or self.url).encode()).hexdigest()[:16]


def duration(value):
    """Seconds in ``value``: a number of seconds, or "30min", "6h", "1d"."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError
        return int(value)
    match = DURATION.match(str(value))
    if not match:
        raise ValueError
    return int(match.group(1)) * SECONDS[match.group(2)]


def is_web_address(value):
    if not isinstance(value, str) or any(c.isspace() for c in value.strip()):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def blogroll_settings(settings):
    """``BLOGROLL_SETTINGS`` merged per key over the defaults, bad keys reset."""
    given = settings.get("BLOGROLL_SETTINGS") or {}
    if not isinstance(given, dict):
        logger.warning("blogroll: BLOGROLL_SETTINGS must be a dict; using defaults")
        given = {}
    merged = dict(DEFAULTS, **given)
    for key, problem in _check_config(merged):
        logger.warning("blogroll: BLOGROLL_SETTINGS[%r]: %s", key, problem)
        merged[key] = DEFAULTS.get(key)
    merged = {key: merged[key] for key in DEFAULTS}
    merged["refresh"] = duration(merged["refresh"])
    return merged


def _check_config(merged):
    """Yield (key, problem) for each bad setting."""
    for key in merged:
        if key not in DEFAULTS:
            yield key, f"unknown setting; known: {', '.join(DEFAULTS)}"
    for key in POSITIVE_NUMBERS:
        value = merged[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            yield key, f"must be a number above 0, got {value!r}"
    for key in WHOLE_NUMBERS:
        value = merged[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            yield key, f"must be a whole number, 0 or more, got {value!r}"
    for key in TEXTS:
        if not isinstance(merged[key], str) or not merged[key]:
            yield key, f"must be a non-empty text, got {merged[key]!r}"
    try:
        duration(merged["refresh"])
    except ValueError:
        yield (
            "refresh",
            f"must be seconds or like 30min, 6h, 1d, got {merged['refresh']!r}",
        )


def blogroll_entries(settings, options=None):
    """The ``BLOGROLL`` entries as ``Blog`` objects; bad ones logged and skipped."""
    options = options or blogroll_settings(settings)
    blogs, problems = read_blogroll(settings.get("BLOGROLL") or [], options)
    for problem in problems:
        logger.warning("blogroll: %s", problem)
    return blogs


def read_blogroll(entries, options):
    """Check ``BLOGROLL``; return (blogs, problems), one problem per bad key."""
    blogs, problems, seen = [], [], set()
    if not isinstance(entries, list | tuple):
        return [], [f"BLOGROLL must be a list of dicts, got {type(entries).__name__}"]
    for index, entry in enumerate(entries):
        where = f"BLOGROLL[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a dict with name, url, feed, tagline")
            continue
        found = list(_check_blog(entry))
        if entry.get("name"):
            where += f" ({entry['name']})"
        problems += [f"{where}: {key}: {problem}" for key, problem in found]
        if any(key in ("name", "url", "feed") for key, _ in found):
            continue
        blog = _blog(entry, options)
        if blog.key in seen:
            problems.append(f"{where}: feed: listed twice; the first one is kept")
            continue
        seen.add(blog.key)
        blogs.append(blog)
    return blogs, problems


def _check_blog(entry):
    for key in entry:
        if key not in BLOG_KEYS + FEED_OPTIONS:
            yield key, f"unknown key; known: {', '.join(BLOG_KEYS + FEED_OPTIONS)}"
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        yield "name", f"must be a non-empty text, got {entry.get('name')!r}"
    if not is_web_address(entry.get("url")):
        yield "url", f"must be an http or https address, got {entry.get('url')!r}"
    if entry.get("feed") is not None and not is_web_address(entry["feed"]):
        yield "feed", f"must be an http or https address, got {entry['feed']!r}"
    if not isinstance(entry.get("tagline", ""), str):
        yield "tagline", f"must be a text, got {entry['tagline']!r}"
    if "refresh" in entry:
        try:
            duration(entry["refresh"])
        except ValueError:
            yield "refresh", f"must be like 30min, 6h, 1d, got {entry['refresh']!r}"
    for key in ("entries", "timeout"):
        value = entry.get(key, 1)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            yield key, f"must be a number above 0, got {value!r}"


def _blog(entry, options):
    good = dict(entry)
    for key in ("tagline", "refresh", "entries", "timeout"):
        if key in good and any(k == key for k, _ in _check_blog({key: good[key]})):
            del good[key]  # reported already; the default stands
    return Blog(
        name=good["name"].strip(),
        url=good["url"].strip(),
        feed=good["feed"].strip() if good.get("feed") else None,
        tagline=(good.get("tagline") or "").strip(),
        refresh=duration(good.get("refresh", options["refresh"])),
        entries=int(good.get("entries", options["entries"])),
        timeout=float(good.get("timeout", options["timeout"])),
    )
