"""Benchmark: Pagefind's index of a big journal, and searches in chromium.

    python bench/search_benchmark.py [--posts 1000] [--repeat 5]

Generates the journal of build_benchmark.py (N posts, about 10 episodes
each), builds it with our settings (Pagefind runs at the end of the build),
then prints:
- Pagefind alone over that output: wall and CPU seconds (median of
  --repeat runs), and its share of the build's CPU time;
- the index: its files and bytes on disk (fragments and index chunks are
  gzip already), and what the search page downloads for a first search;
- in chromium (if /usr/bin/chromium and Playwright are installed), served
  on 127.0.0.1: the time from submitting a query to the results on the page,
  for the first search (which loads Pagefind) and the median of --repeat
  later ones, for each query, and the bytes each query fetched.
"""

import argparse
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from build_benchmark import generate, overrides, run_build  # noqa: E402

from plugins.common.devserver import make_server  # noqa: E402
from plugins.search.pagefind import BUNDLE, index_site  # noqa: E402

QUERIES = ["ankle", "stairs jaw", "counted", "zzz", "beats lunch", "day 999"]
# Submit the query, resolve once the status says how many posts matched.
TIMED_SEARCH = """(query) => new Promise((resolve) => {
  const form = document.querySelector('main form');
  const status = document.getElementById('search-status');
  const start = performance.now();
  const seen = new MutationObserver(() => {
    if (/\\.$/.test(status.textContent)) {
      seen.disconnect();
      resolve(performance.now() - start);
    }
  });
  seen.observe(status, {childList: true, characterData: true, subtree: true});
  form.querySelector('input[name=q]').value = query;
  form.requestSubmit();
})"""


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_pagefind(output, repeat):
    """Median (wall, CPU) seconds of Pagefind over ``output``, and its pages."""
    runs = []
    for _ in range(repeat):
        cpu, wall = children_cpu(), time.perf_counter()
        pages = index_site(output, "en", timeout=600)
        runs.append((time.perf_counter() - wall, children_cpu() - cpu))
    return tuple(statistics.median(values) for values in zip(*runs, strict=True)), pages


def bundle_size(output):
    files = [p for p in (output / BUNDLE).rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def browser_searches(output, repeat):
    """``{query: (first ms, median ms, bytes fetched, results)}``, or None."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    from browser_support import LAUNCH_ARGS

    server = make_server(output, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    fetched = []
    found = {}
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=LAUNCH_ARGS
            )
            for query in QUERIES:  # a fresh page each: its first search is cold
                page = chromium.new_page()
                page.on(
                    "requestfinished",
                    lambda request: (
                        fetched.append(request.sizes()["responseBodySize"])
                        if f"/{BUNDLE}/" in request.url
                        else None
                    ),
                )
                page.goto(url)
                fetched.clear()
                first = page.evaluate(TIMED_SEARCH, query)
                cold_bytes = sum(fetched)
                later = [page.evaluate(TIMED_SEARCH, query) for _ in range(repeat)]
                count = page.locator("#search-status").text_content()
                found[query] = (first, statistics.median(later), cold_bytes, count)
                page.close()
            chromium.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as temp:
        folder = Path(temp)
        generate(folder, args.posts)
        output = folder / "output"
        build = run_build(
            str(ROOT / "pelicanconf.py"), overrides(folder, "ours", output), keep=True
        )
        (wall, cpu), pages = time_pagefind(output, args.repeat)
        files, size = bundle_size(output)
        print(f"posts: {args.posts} (pages indexed: {pages}), median of {args.repeat}")
        print(f"build with Pagefind: {build.cpu:.2f} s CPU, {build.wall:.2f} s wall")
        print(f"Pagefind alone: {cpu:.2f} s CPU, {wall:.2f} s wall")
        print(f"Pagefind's share of the build's CPU: {cpu / build.cpu:.0%}")
        print(f"index: {files} files, {size / 1024:.0f} KiB on disk")
        found = browser_searches(output, args.repeat)
    if found is None:
        print("browser: skipped (no /usr/bin/chromium or no playwright)")
        return
    for query, (first, later, fetched, status) in found.items():
        print(
            f"search {query!r}: first {first:.0f} ms ({fetched / 1024:.0f} KiB "
            f"fetched), then {later:.1f} ms median; {status}"
        )


if __name__ == "__main__":
    main()
