"""``invoke fetch-comments``: every social source fetched, its replies stored.

Each post's Mastodon and Bluesky conversation (its ``mastodon:`` and
``bluesky:`` front matter) is one source, and so are the site's webmentions
at webmention.io. All are fetched at once through the shared HTTP client
(plugins/common/http.py), under one total deadline. As each answer comes in,
here in the calling thread and one source at a time, its replies are
planned against the store and applied (reconcile.py) and its state saved
(social_state.py). A source that fails changes no comment file: every
reply already stored stays, and the outcome says why.

A source that answers "not modified" is planned again from the replies its
state kept, so a change of ``auto_approve`` or ``blocked`` takes effect at
the next fetch even when nothing changed at the source.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from plugins.common.http import JSON, FetchError, Job, Limits, fetch_all
from plugins.common.social import bluesky_post, mastodon_post

from . import bluesky, mastodon, social_state, webmention
from .reconcile import Rules, apply, plan_source
from .replies import block_rules
from .store import existing_ids

LIMITS = Limits(
    timeout=10,
    max_bytes=10_000_000,
    max_decompressed=20_000_000,
    user_agent="beats-per-minute-comments/1.0 (+condition journal)",
    accept=JSON,
)
CONCURRENCY = 64  # sources fetched at once, one thread each (as the blogroll)
WEBMENTION = "webmention.io"


@dataclass(frozen=True)
class Conversation:
    """One post's conversation at one source."""

    source: str  # mastodon | bluesky
    slug: str
    post: object  # social.MastodonPost or social.BlueskyPost

    @property
    def key(self):
        return f"{self.source} {self.slug}"


@dataclass
class Outcome:
    """What one source's fetch did, for the progress line and the summary."""

    source: str
    label: str  # the post's slug, or webmention.io
    message: str
    failed: bool = False
    body_bytes: int = 0  # of the answers read (not those "not modified")
    kept: list = field(default_factory=list)  # (path, why): files edited by hand


def conversations(posts):
    """The ``Conversation``s of ``posts``: ``(slug, meta)`` pairs."""
    found = []
    for slug, meta in posts:
        for source, read in (("mastodon", mastodon_post), ("bluesky", bluesky_post)):
            post, _problem = read(meta.get(source))
            if post is not None:
                found.append(Conversation(source, slug, post))
    return found


@dataclass(frozen=True)
class Options:
    """Where a fetch stores what, and how long it may take."""

    folder: Path  # the comment store, content/comments
    state_folder: Path  # cache/social
    tz: object
    config: dict  # COMMENTS, merged over site.DEFAULTS
    deadline: float = 60  # seconds for every source together
    limits: Limits = LIMITS


def fetch_comments(talks, options, index=None, on_outcome=None):
    """Fetch every conversation (and the site's webmentions when
    ``COMMENTS["webmention_io"]`` is set and ``index``, a PostIndex of the
    published posts, is given); store their replies; return the Outcomes."""
    config = options.config
    rules = Rules(
        folder=Path(options.folder),
        tz=options.tz,
        auto_approve=frozenset(config["auto_approve"]),
        blocked=block_rules(config["blocked"]),
        stored=existing_ids(options.folder),
    )
    resolver = bluesky.Resolver(config["bluesky_api"])
    jobs = {talk.key: talk for talk in talks}
    states = {
        talk.key: social_state.load(options.state_folder, talk.source, talk.post.url)
        for talk in talks
    }
    webmention_io = config["webmention_io"] if index is not None else None
    if webmention_io:
        address = f"{webmention_io['api']} {webmention_io['domain']}"
        states[WEBMENTION] = social_state.load(
            options.state_folder, "webmention", address
        )
    outcomes = []

    def work(job, deadline):
        state, fetching = states[job.key], (options.limits, deadline)
        if job.key == WEBMENTION:
            return webmention.fetch(webmention_io, index, state.validators, fetching)
        talk = jobs[job.key]
        if talk.source == "mastodon":
            return mastodon.fetch(talk, state.validators, fetching)
        return bluesky.fetch(talk, state.validators, fetching, resolver, state.did)

    def finished(key, result):
        outcome = _record(rules, jobs.get(key), states[key], result, index)
        social_state.save(options.state_folder, states[key])
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    fetch_all(
        [Job(key=key, url="") for key in states],
        concurrency=CONCURRENCY,
        deadline_seconds=options.deadline,
        work=work,
        on_result=finished,
    )
    return outcomes


def _record(rules, talk, state, result, index):
    """Plan and apply one source's answer; update its state; the Outcome."""
    source, label = (talk.source, talk.slug) if talk else ("webmention", WEBMENTION)
    state.last_attempt = _now()
    if isinstance(result, FetchError):
        state.last_error, state.failures = str(result), state.failures + 1
        return Outcome(source, label, f"{result}; stored replies kept", failed=True)
    state.validators.update(result.validators)
    state.did = result.did or state.did
    if result.gone:
        state.replies, state.counts = [], None
        counts = {talk.slug: None} if talk else None
    else:
        state.replies = state.replies if result.replies is None else result.replies
        state.counts = state.counts if result.counts is None else result.counts
        counts = state.counts
    state.last_ok, state.last_error, state.failures = state.last_attempt, None, 0
    if state.replies is None:  # "not modified", and no replies kept to plan from
        return Outcome(source, label, "not modified")
    if talk:
        plan = plan_source(rules, source, {talk.slug: state.replies}, counts)
    else:
        plan = _webmention_plan(rules, state, index)
    plan.skipped.update(result.skipped)
    apply(rules, plan)
    unchanged = result.replies is None and not result.gone
    message = ("not modified; " if unchanged else "") + plan.summary()
    if result.gone:
        message = f"{result.gone}; {message}"
    return Outcome(source, label, message, body_bytes=result.body_bytes, kept=plan.kept)


def _webmention_plan(rules, state, index):
    """Every post's webmention files are the source's: one absent is removed."""
    by_post = {}
    for reply in state.replies:
        slug = index.match(link=reply.target)
        if slug is not None:
            by_post.setdefault(slug, []).append(reply)
    counts = {slug: (state.counts or {}).get(slug) for slug in index.slugs}
    return plan_source(rules, "webmention", by_post, counts, scope=index.slugs)


def _now():
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def totals(outcomes):
    """``N source(s): N fetched, N failed``, then each failure: the summary."""
    failed = [outcome for outcome in outcomes if outcome.failed]
    lines = [
        f"{len(outcomes)} source(s): {len(outcomes) - len(failed)} fetched, "
        f"{len(failed)} failed"
    ]
    if failed:
        lines.append("failures (the replies already stored stay on the site):")
    lines += [f"  {o.source} {o.label}: {o.message}" for o in failed]
    return lines
