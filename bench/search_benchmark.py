"""Benchmark: the search index of a big journal, and a search in chromium.

    python bench/search_benchmark.py [--posts 1000] [--repeat 5]

Builds the index of N generated posts (the bodies and logs of
build_benchmark.py) and prints the time to build it, its size and its
gzipped size (what a reader downloads). Then, if /usr/bin/chromium and
Playwright are installed, builds the sample site, puts the big index in place,
opens the search page from file:// and times one search, from submitting the
form to the results on the page (the median of --repeat queries).
"""

import argparse
import gzip
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from markdown import Markdown

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from build_benchmark import SITES, body  # noqa: E402

from plugins.search.index import IndexedPost, build_index, index_script  # noqa: E402

QUERIES = ["ankle", "stairs jaw", "counted", "zzz", "beats lunch"]


def posts(count, seed=1):
    rng = random.Random(seed)
    markdown = Markdown()
    start = datetime(2020, 1, 1, 21, 0)
    for index in range(count):
        day = start + timedelta(days=index)
        yield IndexedPost(
            title=f"Day {index}: {rng.choice(SITES)} again",
            url=f"{day:%Y/%m/%d}/day-{index}/",
            date=day,
            html=markdown.reset().convert(body(rng, index)),
            tags=tuple(rng.sample(["clonus", "stairs", "cold", "sleep", "pain"], 2)),
            sites=tuple(rng.choice(SITES) for _ in range(10)),
            date_text=f"{day:%-d %B %Y}",
        )


def browser_search(script, repeat):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    from browser_support import LAUNCH_ARGS

    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "output"
        command = [sys.executable, "-m", "pelican", "content", "-q"]
        subprocess.run(
            [*command, "-s", "pelicanconf.py", "-o", str(output)],
            cwd=ROOT,
            check=True,
        )
        (output / "search" / "search-index.js").write_text(script, encoding="utf-8")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=LAUNCH_ARGS
            )
            page = chromium.new_page()
            start = time.perf_counter()
            page.goto((output / "search" / "index.html").as_uri())
            load = time.perf_counter() - start
            times = {}
            for query in QUERIES:
                runs = [
                    page.evaluate(
                        """(query) => {
                          const form = document.querySelector('main form');
                          form.querySelector('input').value = query;
                          const start = performance.now();
                          form.requestSubmit();
                          return performance.now() - start;
                        }""",
                        query,
                    )
                    for _ in range(repeat)
                ]
                count = page.locator("#search-results li").count()
                times[query] = (statistics.median(runs), count)
            chromium.close()
    return load, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    generated = list(posts(args.posts))
    start = time.perf_counter()
    script = index_script(build_index(generated))
    built = time.perf_counter() - start
    raw = script.encode("utf-8")
    print(f"posts: {args.posts}")
    print(f"index build: {built * 1000:.1f} ms")
    print(f"index size: {len(raw) / 1024:.1f} KiB")
    print(f"index size gzipped: {len(gzip.compress(raw)) / 1024:.1f} KiB")

    found = browser_search(script, args.repeat)
    if found is None:
        print("browser: skipped (no /usr/bin/chromium or no playwright)")
        return
    load, times = found
    print(f"search page load from file:// with the index: {load * 1000:.0f} ms")
    for query, (median, count) in times.items():
        print(f"search {query!r}: {median:.1f} ms median, {count} results shown")


if __name__ == "__main__":
    main()
