"""Benchmark fetch-comments: 1,000 posts, each with a Mastodon and a Bluesky
conversation, on a local server that answers every request after 200 ms.

    python bench/fetch_comments_benchmark.py [--posts 1000] [--delay 0.2]

Prints the seconds of a first fetch (every reply new; the issue's target is
under 30 s) and of a second one with nothing changed, and the bytes of reply
bodies the server sent during the second (0: every answer was a 304). The
server is the test suite's (tests/blogroll_server.py), on 127.0.0.1 only,
answering JSON shaped like the real APIs (tests/social_api.py).
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"

from blogroll_server import FeedServer  # noqa: E402
from social_api import (  # noqa: E402
    RESOLVE,
    THREAD,
    WRITER_DID,
    account,
    bsky_node,
    bsky_post,
    bsky_thread,
    context,
    json_route,
    root_status,
    status,
)

from plugins.comments.bluesky import DEPTH  # noqa: E402
from plugins.comments.site import settings  # noqa: E402
from plugins.comments.social import Options, conversations, fetch_comments  # noqa: E402


def routes(posts, delay):
    """Two Mastodon replies (one nested) and one Bluesky reply per post."""
    found = {RESOLVE: json_route({"did": WRITER_DID}, delay=delay)}
    for n in range(1, posts + 1):
        base = f"/api/v1/statuses/{n}"
        replies = context(
            status(f"{n}01", str(n), f"<p>Reply to post {n}</p>"),
            status(f"{n}02", f"{n}01", "<p>And to that</p>", account("kit", "Kit")),
        )
        found[f"{base}/context"] = json_route(replies, delay=delay)
        found[base] = json_route(root_status(str(n), likes=n % 7), delay=delay)
        query = urlencode(
            {
                "uri": f"at://{WRITER_DID}/app.bsky.feed.post/post{n}",
                "depth": DEPTH,
                "parentHeight": 0,
            }
        )
        thread = bsky_thread(f"post{n}", bsky_node(bsky_post(f"r{n}", f"Hi {n}")))
        found[f"{THREAD}?{query}"] = json_route(thread, delay=delay)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    with FeedServer(routes(args.posts, args.delay)) as server:
        config, problems = settings(
            {"bluesky_api": server.base, "auto_approve": ["mastodon", "bluesky"]}
        )
        assert not problems, problems
        posts = [
            (
                f"post-{n}",
                {
                    "mastodon": server.url(f"/@ren/{n}"),
                    "bluesky": f"https://bsky.app/profile/ren.bsky.social/post/post{n}",
                },
            )
            for n in range(1, args.posts + 1)
        ]
        talks = conversations(posts)
        print(
            f"fetch-comments: {args.posts} posts, {len(talks)} conversations, "
            f"a server answering after {args.delay:g} s"
        )
        with tempfile.TemporaryDirectory() as tmp:
            options = Options(
                Path(tmp) / "comments", Path(tmp) / "state", UTC, config, deadline=300
            )
            for run in ("first", "second"):
                asked = len(server.requests)
                started = time.perf_counter()
                outcomes = fetch_comments(talks, options)
                seconds = time.perf_counter() - started
                sent = server.requests[asked:]
                failed = sum(outcome.failed for outcome in outcomes)
                stored = len(list((Path(tmp) / "comments").glob("*/*.md")))
                print(
                    f"{run} run: {seconds:.1f} s, {len(sent)} requests, "
                    f"{sum(s.status == 304 for s in sent)} answered 304, "
                    f"{sum(s.body_bytes for s in sent)} bytes of bodies sent, "
                    f"{failed} sources failed, {stored} replies stored"
                )


if __name__ == "__main__":
    main()
