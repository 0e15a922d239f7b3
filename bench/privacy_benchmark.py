"""Benchmark: the privacy scan `invoke publish` runs, on a big built journal.

    python bench/privacy_benchmark.py [--posts 1000] [--repeat 5]

Generates the journal of ``build_benchmark.py`` and makes one post in ten
carry a private episode with a note and a ``private:`` block, and one in fifty
a draft; builds it once with publishconf.py; then times, median of
``--repeat`` runs, in CPU and wall seconds, what the publish's check does:
reading the private texts from the posts, and scanning every name and byte of
the output for them.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_benchmark import generate  # noqa: E402

from plugins.frontmatter_reader.post import parse_post  # noqa: E402
from plugins.symptom_log.privacy import find_leaks, private_texts  # noqa: E402

PRIVATE_EPISODE = """  - at: {day} 13:20
    site: hip
    note: Told nobody about the fall on the stairs, number {index}.
    private: true
private:
  notes: Ask Dr Okafor about phenol injections, visit {index}.
"""


def add_private_parts(posts):
    for index, path in enumerate(sorted(posts.glob("*.md"))):
        text = path.read_text(encoding="utf-8")
        if index % 50 == 0:
            text = text.replace("---\n", "---\nstatus: draft\n", 1)
        elif index % 10 == 0:
            head, _close, body = text.partition("\n---\n")
            day = path.name[:10]
            private = PRIVATE_EPISODE.format(day=day, index=index)
            text = f"{head}\n{private}---\n{body}"
        path.write_text(text, encoding="utf-8")


def build(content, output):
    from pelican import Pelican
    from pelican.settings import read_settings

    values = {"PATH": str(content), "OUTPUT_PATH": str(output)}
    values["CACHE_PATH"] = str(output) + "-cache"
    Pelican(read_settings(str(ROOT / "publishconf.py"), override=values)).run()


def private_journal_texts(content):
    """What tasks.py's _check_privacy reads: every post's private texts."""
    tz = ZoneInfo("Europe/London")
    posts = [
        parse_post(path.read_text(encoding="utf-8"), str(path), tz)
        for path in sorted(content.rglob("*.md"))
    ]
    return private_texts([(post.raw, post.body) for post in posts])


def timed(function, *args):
    """``(result, (CPU seconds, wall seconds))`` of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = function(*args)
    return result, (time.process_time() - cpu, time.perf_counter() - wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="journal-privacy-") as temp:
        folder = Path(temp)
        generate(folder, args.posts)
        content, output = folder / "ours", folder / "output"
        add_private_parts(content / "posts")
        build(content, output)
        files = [path for path in output.rglob("*") if path.is_file()]
        size = sum(path.stat().st_size for path in files)
        reads, scans = [], []
        for _run in range(args.repeat):
            texts, read = timed(private_journal_texts, content)
            leaks, scan = timed(find_leaks, output, texts)
            reads.append(read)
            scans.append(scan)
    print(f"posts: {args.posts}, output: {len(files)} files, {size / 1e6:.0f} MB")
    print(f"private texts: {len(texts)}, leaks found: {len(leaks)}")
    print(f"median of {args.repeat}                       CPU      wall")
    for label, runs in (
        ("read the posts' private texts:", reads),
        ("scan the output:", scans),
    ):
        cpu, wall = (statistics.median(values) for values in zip(*runs, strict=True))
        print(f"{label:<32}{cpu:6.2f} s {wall:6.2f} s")


if __name__ == "__main__":
    main()
