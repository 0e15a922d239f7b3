"""Benchmark: what an import of comments costs, and threading.

    python bench/comments_benchmark.py [--posts 1000] [--comments 20000]

Writes a WordPress export with M threaded comments spread over N posts (half
of them replies; three in four plain sentences, one in four with Markdown
and a link), and times:
  - the import of that export (``import_comments``, into an empty store);
  - threading alone (``build_threads``) for 10k to 80k comments on one post,
    in the order the store reads them, best of 5 with the garbage collector
    off: linear time shows as a flat time per comment (the step from 10k to
    20k is the processor's cache filling, not the algorithm).
"""

import argparse
import gc
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from plugins.comments.importer import import_comments  # noqa: E402
from plugins.comments.importing import PostIndex  # noqa: E402
from plugins.comments.threads import build_threads  # noqa: E402

NAMES = ["Alice", "Bob", "Carol", "Dan", "Eve", "Frank", "Gina", "Hana"]
START = datetime(2020, 1, 1, 21, 0)


def post_refs(posts):
    refs = []
    for index in range(posts):
        day = START + timedelta(days=index)
        slug = f"day-{index}-counting-again"
        refs.append((slug, f"{day:%Y/%m/%d}/{slug}/"))
    return refs


def body_text(rng, number):
    """Mostly plain sentences; one comment in four with Markdown and a link."""
    beats = rng.randint(1, 40)
    if number % 4:
        return (
            f"Comment {number}. The stairs again, {beats} beats for me too.\n\nHang on."
        )
    return (
        f"Comment {number}: *stairs* again, {beats} beats. "
        "[This helped](https://example.org/stairs) me."
    )


def write_wxr(path, refs, comments, seed=2):
    """An export with ``comments`` spread evenly; about half are replies."""
    rng = random.Random(seed)
    per_post = comments // len(refs)
    number = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ')
        out.write('xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n')
        for slug, url in refs:
            out.write(f"<item><link>https://old.example.org/{url}</link>")
            out.write(f"<wp:post_name>{slug}</wp:post_name>")
            out.write("<wp:post_type>post</wp:post_type>\n")
            first = number + 1
            for offset in range(per_post):
                number += 1
                parent = (
                    rng.randint(first, number - 1)
                    if offset and rng.random() < 0.5
                    else 0
                )
                when = START + timedelta(minutes=number)
                body = body_text(rng, number)
                out.write(
                    f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
                    f"<wp:comment_author>{rng.choice(NAMES)}</wp:comment_author>"
                    "<wp:comment_author_email>a@example.org</wp:comment_author_email>"
                    f"<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}"
                    "</wp:comment_date_gmt>"
                    f"<wp:comment_content>{escape(body)}</wp:comment_content>"
                    "<wp:comment_approved>1</wp:comment_approved>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")
    return number


def time_import(folder, refs, comments):
    export = folder / "export.xml"
    written = write_wxr(export, refs, comments)
    store = folder / "ours" / "comments"
    start = time.perf_counter()
    report = import_comments(
        str(export), store, PostIndex.from_posts(refs), ZoneInfo("UTC")
    )
    seconds = time.perf_counter() - start
    assert report.new == written, report
    return seconds, export.stat().st_size, report


class Fake:
    __slots__ = ("author", "date", "id", "replyto")

    def __init__(self, number, parent):
        self.id = f"c{number}"
        self.replyto = f"c{parent}" if parent is not None else None
        self.date = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=number)
        self.author = "A"


def threading_times(sizes, seed=3):
    rng = random.Random(seed)
    results = []
    for size in sizes:
        comments = [
            Fake(n, rng.randrange(n) if n and rng.random() < 0.7 else None)
            for n in range(size)
        ]
        best = min(_timed(build_threads, comments) for _ in range(5))
        results.append((size, best))
    return results


def _timed(function, *args):
    """Seconds for one call, with the garbage collector off (as timeit does)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        function(*args)
        return time.perf_counter() - start
    finally:
        gc.enable()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="comments-bench-") as temp:
        folder = Path(temp)
        refs = post_refs(args.posts)
        seconds, size, report = time_import(folder, refs, args.comments)
    threads = threading_times([10_000, 20_000, 40_000, 80_000])
    print(f"posts: {args.posts}, comments: {args.comments}")
    print(f"import of a {size / 1e6:.1f} MB WXR:     {seconds:.2f} s ({report})")
    base = threads[0][1] / threads[0][0]
    for size, best in threads:
        print(
            f"threading {size:>6,} comments:   {best * 1000:7.1f} ms"
            f"  ({best / size * 1e6:.2f} us each, x{best / size / base:.2f} of 10k)"
        )


if __name__ == "__main__":
    main()
