"""Refreshing the blogroll cache: fetch every due feed, parse it, save its state.

What ``invoke fetch-feeds`` and ``invoke publish`` run. A failure of any
kind only updates the feed's state (error, consecutive failures): the last
good entries stay in the cache for the build to show.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from plugins.common.http import FetchError, Job, Limits, fetch, fetch_all

from . import cache
from .entries import NotAFeed, deduplicate, parse_feed

logger = logging.getLogger(__name__)
FIRST_SEEN_KEPT = 500


@dataclass
class Outcome:
    blog: object  # config.Blog
    kind: str  # updated | not-modified | fresh | no-feed | gone | failed
    message: str
    status: int | None = None
    body_bytes: int = 0
    moved_to: str | None = None

    @property
    def failed(self):
        return self.kind in ("failed", "gone")

    @property
    def worked(self):
        """Something was done: the cache is as current as it can be."""
        return self.kind in ("updated", "not-modified", "fresh", "no-feed")


@dataclass
class _Fetched:
    response: object  # plugins.common.http.Response
    parsed: object  # entries.ParsedFeed, or None for 304


def refresh(blogs, options, *, now=None, force=False, on_outcome=None, deadline=None):
    """Refresh every blog's cache; return one ``Outcome`` per blog.

    ``force`` fetches feeds that are fresh or gone too. ``deadline`` (seconds)
    overrides ``options["deadline"]``. ``on_outcome(outcome)`` is called as
    each one is known.
    """
    now = now or datetime.now(UTC)
    folder = options["cache_path"]
    states = {blog.key: cache.load(folder, blog) for blog in blogs}
    by_key = {blog.key: blog for blog in blogs}
    outcomes, jobs = {}, []
    for blog in blogs:
        skipped = None if force else _skip_reason(blog, states[blog.key], now)
        if blog.feed is None:
            skipped = Outcome(blog, "no-feed", "no feed address; name and link only")
        if skipped:
            outcomes[blog.key] = skipped
            if on_outcome:
                on_outcome(skipped)
            continue
        jobs.append(_job(blog, states[blog.key], options))

    def work(job, ends):
        response = fetch(job.url, job.etag, job.last_modified, job.limits, ends)
        if response.status == 304:
            return _Fetched(response, None)
        state = states[job.key]
        try:
            parsed = parse_feed(
                response.body,
                response.url,
                response.headers.get("content-type"),
                now=now,
                first_seen=state.first_seen,
                summary_chars=options["summary_chars"],
            )
        except NotAFeed as error:
            raise FetchError("not-a-feed", str(error), response.status) from None
        return _Fetched(response, parsed)

    def finished(key, result):
        blog = by_key[key]
        outcome = _record(blog, states[key], result, now, options)
        cache.save(folder, blog, states[key])
        outcomes[key] = outcome
        if on_outcome:
            on_outcome(outcome)

    fetch_all(
        jobs,
        concurrency=options["concurrency"],
        deadline_seconds=deadline or options["deadline"],
        work=work,
        on_result=finished,
    )
    return [outcomes[blog.key] for blog in blogs]


def _skip_reason(blog, state, now):
    if state.gone:
        return Outcome(blog, "gone", "gone (410) earlier; fetch with --force to retry")
    if state.last_ok and state.failures == 0:
        age = now - datetime.fromisoformat(state.last_attempt or state.last_ok)
        if age < timedelta(seconds=blog.refresh):
            minutes = max(1, int(age.total_seconds() // 60))
            return Outcome(blog, "fresh", f"fetched {minutes} min ago; not due yet")
    return None


def _job(blog, state, options):
    limits = Limits(
        timeout=blog.timeout,
        max_bytes=options["max_bytes"],
        max_decompressed=options["max_decompressed"],
        max_redirects=options["max_redirects"],
        user_agent=options["user_agent"],
    )
    same_feed = state.feed == blog.feed
    return Job(
        key=blog.key,
        url=blog.feed,
        etag=state.etag if same_feed else None,
        last_modified=state.last_modified if same_feed else None,
        limits=limits,
    )


def _record(blog, state, result, now, options):
    """Update ``state`` with the result of one fetch; return its ``Outcome``."""
    stamp = now.isoformat()
    state.name, state.feed, state.last_attempt = blog.name, blog.feed, stamp
    if isinstance(result, FetchError):
        state.last_status = result.status
        state.last_error = str(result)
        state.failures += 1
        state.failing_since = state.failing_since or stamp
        state.gone = result.kind == "gone"
        kind = "gone" if state.gone else "failed"
        return Outcome(blog, kind, str(result), result.status)
    response, parsed = result.response, result.parsed
    state.last_status, state.last_error = response.status, None
    state.failures, state.failing_since, state.gone = 0, None, False
    state.last_ok = stamp
    state.moved_to = response.moved_to
    state.etag = response.headers.get("etag")
    state.last_modified = response.headers.get("last-modified")
    moved = f"; moved permanently to {response.moved_to}" if response.moved_to else ""
    if parsed is None:
        return Outcome(
            blog,
            "not-modified",
            "not modified (304)" + moved,
            304,
            0,
            response.moved_to,
        )
    _store_entries(state, parsed, stamp, options["keep"])
    warning = f"; {parsed.warning}" if parsed.warning else ""
    message = f"{len(parsed.entries)} posts{warning}{moved}"
    if not parsed.entries and state.entries:
        message = f"no posts in the feed; the last {len(state.entries)} kept{moved}"
    return Outcome(
        blog,
        "updated",
        message,
        response.status,
        len(response.body),
        response.moved_to,
    )


def _store_entries(state, parsed, stamp, keep):
    state.title, state.site_link = parsed.title, parsed.site_link
    for entry in parsed.entries:
        state.first_seen.setdefault(entry.id, stamp)
    if len(state.first_seen) > FIRST_SEEN_KEPT:
        current = {entry.id for entry in parsed.entries}
        state.first_seen = {
            key: value for key, value in state.first_seen.items() if key in current
        }
    if parsed.entries:  # an empty feed keeps the last good posts
        state.entries = deduplicate(parsed.entries)[:keep]
