"""Benchmark the blogroll fetch: 50 local feeds that each take 1 s to answer.

    python bench/feeds_benchmark.py [--feeds 50] [--delay 1.0]

Prints three numbers: the wall time of a first fetch of every feed (targets
under 3 s: the fetches overlap), a second fetch with nothing changed (every
feed should answer 304 with zero body bytes), and peak memory of a fetch
with a 1 GB gzip bomb among the feeds (target under 200 MB). The servers
are the test suite's (tests/blogroll_server.py), on 127.0.0.1 only.
"""

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from blogroll_server import FeedServer, Route  # noqa: E402

from plugins.blogroll.config import Blog, blogroll_settings  # noqa: E402
from plugins.blogroll.refresh import refresh  # noqa: E402

RSS = (ROOT / "tests" / "fixtures" / "blogroll" / "wordpress_rss.xml").read_bytes()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    servers = [
        FeedServer({"/feed/": Route(body=RSS, etag=f'"v{n}"', delay=args.delay)})
        for n in range(args.feeds)
    ]
    bomb = FeedServer({"/feed/": Route(behaviour="bomb")})
    for server in [*servers, bomb]:
        server.__enter__()
    try:
        with tempfile.TemporaryDirectory() as cache:
            run(args, servers, bomb, cache)
    finally:
        for server in [*servers, bomb]:
            server.__exit__(None, None, None)


def run(args, servers, bomb, cache):
    options = blogroll_settings({"BLOGROLL_SETTINGS": {"cache_path": cache}})
    blogs = [
        Blog(f"Feed {n}", server.url("/"), server.url("/feed/"))
        for n, server in enumerate(servers)
    ]
    print(
        f"feeds: {len(blogs)} local servers, each answering after {args.delay:g} s; "
        f"concurrency {options['concurrency']}"
    )

    started = time.perf_counter()
    first = refresh(blogs, options, force=True)
    wall = time.perf_counter() - started
    updated = sum(outcome.kind == "updated" for outcome in first)
    print(f"first fetch: {wall:.2f} s wall for {updated}/{len(blogs)} feeds updated")
    sequential = args.delay * len(blogs)
    print(f"  (one after another would take at least {sequential:.0f} s)")

    started = time.perf_counter()
    second = refresh(blogs, options, force=True)
    wall = time.perf_counter() - started
    not_modified = sum(outcome.kind == "not-modified" for outcome in second)
    sent = sum(seen.body_bytes for server in servers for seen in server.requests[1:])
    received = sum(outcome.body_bytes for outcome in second)
    print(
        f"second fetch, nothing changed: {wall:.2f} s wall, "
        f"{not_modified}/{len(blogs)} answered 304, "
        f"body bytes sent {sent}, received {received}"
    )

    with_bomb = [*blogs, Blog("Gzip bomb", bomb.url("/"), bomb.url("/feed/"))]
    tracemalloc.start()
    started = time.perf_counter()
    third = refresh(with_bomb, options, force=True)
    wall = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"with a 1 GB gzip bomb among them: {wall:.2f} s wall, bomb outcome "
        f"{third[-1].kind!r} ({third[-1].message}); bomb server sent "
        f"{bomb.requests[0].body_bytes} compressed bytes"
    )
    print(
        f"peak memory: {peak / 1e6:.1f} MB traced Python allocations during that "
        f"fetch; {rss:.1f} MB peak RSS of the whole process (servers included)"
    )


if __name__ == "__main__":
    main()
