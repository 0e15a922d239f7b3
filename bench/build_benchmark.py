"""Benchmark: our build against plain Pelican, cold and rebuilt, with comments.

    python bench/build_benchmark.py [--posts 1000] [--comments 20000] [--repeat 3]

Generates N posts (about 10 episodes each, a medication change every 20
posts) twice: once with our YAML front matter, once as the same Markdown
bodies with Pelican's own ``Key: value`` metadata and no log, and M comment
files spread over the posts (half of them replies). Then it times, each
build in a fresh process, median of ``--repeat``, plain and ours taking
turns so that drift hits both alike:

- plain Pelican's cold build (no plugins, its own theme and pages);
- ours as the writer works (``invoke build``: the settings the journal
  ships, its caches on): a cold build with an empty cache, the same build
  again with nothing changed, again after a line was added to one post, and
  again after an episode was logged in another; once without the comments
  and once with them.

For each: CPU seconds (steadier than wall time on a shared machine), wall
seconds (what the writer waits for) and peak memory, then the ratios the
journal aims for. Each cold build writes into an empty folder. Python keeps
compiled modules as on the writer's machine (``PYTHONDONTWRITEBYTECODE`` is
dropped, and everything is compiled once before the first build), so that no
build pays for compiling the code.
"""

import argparse
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import warnings
from collections import namedtuple
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN_PAGES = ["index", "tags", "categories", "authors", "archives"]
SITES = ["ankle", "knee", "jaw", "wrist", "hip", "shoulder"]
TRIGGERS = ["stretching", "cold", "stairs", "chewing", "fatigue", "standing up"]
DRUGS = [("baclofen", ["10 mg", "15 mg", "20 mg"]), ("tizanidine", ["2 mg", "4 mg"])]
PARAGRAPH = (
    "The ankle went again on the stairs this morning, {n} beats before I could "
    "shift my weight. I *counted* them, which is the only part I control. "
    "Later the jaw joined in over lunch; [notes](https://example.org/) help.\n\n"
)
BUILD = """
import resource, sys, time
from pelican import Pelican
from pelican.settings import read_settings
sys.path.insert(0, {root!r})
settings = read_settings({config!r}, override={override!r})
def children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
cpu, wall, helpers = time.process_time(), time.perf_counter(), children()
Pelican(settings).run()
cpu = time.process_time() - cpu + children() - helpers
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(cpu, time.perf_counter() - wall, peak)
"""
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
Timing = namedtuple("Timing", "cpu wall peak")  # seconds, seconds, MB
COMMENT = """---
id: c-{number}
author: "{name}"
date: {date}
{reply}status: approved
source: wxr
---
{body}
"""
NAMES = ["Alice", "Bob", "Carol", "Dan", "Eve", "Frank", "Gina", "Hana"]


def median(timings):
    return Timing(*(statistics.median(values) for values in zip(*timings, strict=True)))


def body(rng, index):
    paragraphs = [PARAGRAPH.format(n=rng.randint(3, 30)) for _ in range(4)]
    return f"## Day {index}\n\n" + "".join(paragraphs)


def episodes(rng, day):
    lines = ["episodes:"]
    for _ in range(10):
        at = day + timedelta(minutes=rng.randint(0, 1439))
        lines += [
            f"  - at: {at:%Y-%m-%d %H:%M}",
            f"    site: {rng.choice(SITES)}",
            f"    side: {rng.choice(['left', 'right', 'both'])}",
            f"    beats: {rng.randint(0, 40)}",
            f"    severity: {rng.randint(0, 10)}",
            f"    triggers: [{rng.choice(TRIGGERS)}]",
        ]
    return lines


def medication(index, day):
    drug, doses = DRUGS[(index // 20) % len(DRUGS)]
    change = "start" if index % 40 == 0 else "increase"
    return [
        "medications:",
        f"  - drug: {drug}",
        f"    change: {change}",
        f"    dose: {doses[(index // 40) % len(doses)]}",
        f"    date: {day:%Y-%m-%d}",
    ]


def generate(folder, posts, seed=1):
    """Write the journal twice: ours (YAML + log) and plain (Key: value)."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, 21, 0)
    for index in range(posts):
        day = start + timedelta(days=index)
        title = f"Day {index}: counting again"
        text = body(rng, index)
        tags = f"clonus, {rng.choice(TRIGGERS)}"
        ours = ["---", f'title: "{title}"', f"date: {day:%Y-%m-%d %H:%M}"]
        ours += [f"tags: [{tags}]", "category: Journal", *episodes(rng, day)]
        if index % 20 == 0:
            ours += medication(index, day)
        plain = [f"Title: {title}", f"Date: {day:%Y-%m-%d %H:%M}", f"Tags: {tags}"]
        plain += ["Category: Journal", ""]
        for kind, header in (("ours", [*ours, "---"]), ("plain", plain)):
            path = folder / kind / "posts" / f"{day:%Y-%m-%d}-day-{index}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(header) + "\n" + text, encoding="utf-8")
    for kind in ("ours", "plain"):
        (folder / kind / "pages").mkdir(exist_ok=True)


def run_build(config, override, keep=False):
    """The ``Timing`` of one build; its output is deleted unless ``keep``."""
    code = BUILD.format(root=str(ROOT), config=config, override=override)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    if not keep:
        for folder in (override["OUTPUT_PATH"], override["CACHE_PATH"]):
            shutil.rmtree(folder, ignore_errors=True)
    return Timing(*map(float, done.stdout.strip().splitlines()[-1].split()))


def write_comments(folder, posts, comments, seed=2):
    """``comments`` approved comment files spread evenly over the posts of
    ``generate``, half of them replies; plain sentences, one in four with
    Markdown and a link."""
    rng = random.Random(seed)
    per_post = max(1, comments // posts)
    number = 0
    for index in range(posts):
        post = folder / "ours" / "comments" / f"day-{index}-counting-again"
        post.mkdir(parents=True, exist_ok=True)
        first = number + 1
        for offset in range(per_post):
            number += 1
            parent = (
                rng.randint(first, number - 1) if offset and rng.random() < 0.5 else 0
            )
            when = datetime(2020, 1, 1, 21, 0) + timedelta(days=index, minutes=offset)
            body = f"Comment {number}. The stairs again, {rng.randint(1, 40)} beats."
            if number % 4 == 0:
                body = (
                    f"Comment {number}: *stairs*. [This](https://example.org/) helps."
                )
            (post / f"c-{number}.md").write_text(
                COMMENT.format(
                    number=number,
                    name=rng.choice(NAMES),
                    date=f"{when:%Y-%m-%dT%H:%M:%S}+00:00",
                    reply=f"replyto: c-{parent}\n" if parent else "",
                    body=body,
                ),
                encoding="utf-8",
            )
    return number


def overrides(folder, kind, output, comments=True):
    """Where a build reads and writes; ours with the settings the journal ships."""
    values = {
        "PATH": str(folder / kind),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output) + "-cache",
    }
    if kind == "plain":  # Pelican's own theme has only Pelican's own pages
        values.update(
            {"PLUGINS": [], "THEME": "notmyidea", "DIRECT_TEMPLATES": PLAIN_PAGES}
        )
    if not comments:
        values["COMMENTS"] = {"path": "no-comments-here"}
    return values


BUILDS = ("cold", "unchanged", "edited", "logged")


def as_the_writer_works(folder, run, comments):
    """A cold build with an empty cache, then again with nothing changed,
    again after a line was added to one post, and again after an episode was
    logged in another (as ``invoke log`` adds it): timings in ``BUILDS`` order."""
    config = str(ROOT / "pelicanconf.py")
    output = folder / f"out-{'with' if comments else 'without'}-{run}"
    values = overrides(folder, "ours", output, comments)
    cold = run_build(config, values, keep=True)
    unchanged = run_build(config, values, keep=True)
    posts = sorted((folder / "ours" / "posts").glob("*.md"))
    post = posts[(run * 7 + 3) % len(posts)]
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n")
    edited = run_build(config, values, keep=True)
    post = posts[(run * 7 + 500) % len(posts)]
    text = post.read_text(encoding="utf-8")
    at = text.index("\nepisodes:\n") + len("\nepisodes:\n")
    episode = "  - at: {:%Y-%m-%d} 23:59\n    site: knee\n    beats: 7\n"
    day = datetime.strptime(post.name[:10], "%Y-%m-%d")
    post.write_text(text[:at] + episode.format(day) + text[at:], encoding="utf-8")
    logged = run_build(config, values)
    return cold, unchanged, edited, logged


def measure(folder, repeat):
    """Median timings of every build, by name."""
    config = str(ROOT / "pelicanconf.py")
    times = {}
    for run in range(repeat):
        output = folder / f"out-plain-{run}"
        times.setdefault("plain", []).append(
            run_build(config, overrides(folder, "plain", output))
        )
        for comments in (False, True):
            kind = "with" if comments else "without"
            for name, timing in zip(
                BUILDS,
                as_the_writer_works(folder, run, comments),
                strict=True,
            ):
                times.setdefault(f"{name} {kind}", []).append(timing)
    return {name: median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as temp:
        folder = Path(temp)
        with warnings.catch_warnings():  # other projects' tests of odd syntax
            warnings.simplefilter("ignore")
            for path in (ROOT / "plugins", *map(Path, sys.path[1:])):
                if path.is_dir():
                    compileall.compile_dir(path, quiet=2)
        generate(folder, args.posts)
        comments = write_comments(folder, args.posts, args.comments)
        t = measure(folder, args.repeat)
    print(
        f"posts: {args.posts} (about 10 episodes each), comments: {comments}, "
        f"median of {args.repeat}"
    )
    print_timings(
        [
            ("plain Pelican 4.12, cold:", t["plain"]),
            ("ours, cold (empty cache):", t["cold without"]),
            ("ours, again, nothing changed:", t["unchanged without"]),
            ("ours, again, one post edited:", t["edited without"]),
            ("ours, again, one episode logged:", t["logged without"]),
            (f"ours with {comments} comments, cold:", t["cold with"]),
            ("  again, nothing changed:", t["unchanged with"]),
            ("  again, one post edited:", t["edited with"]),
            ("  again, one episode logged:", t["logged with"]),
        ]
    )
    cold, plain = t["cold without"], t["plain"]
    print(ratios("ours/plain, cold:             ", cold, plain, "<= 1.4, 1.3, 1.2"))
    print(ratios("edited/cold:                  ", t["edited without"], cold, "<= 0.3"))
    print(ratios("episode logged/cold:          ", t["logged without"], cold, "<= 0.3"))
    print(
        ratios(
            "nothing changed/cold:         ", t["unchanged without"], cold, "<= 0.25"
        )
    )
    print(ratios("with/without comments, cold:  ", t["cold with"], cold, "<= 1.15"))
    print(
        ratios(
            "with/without, one post edited:",
            t["edited with"],
            t["edited without"],
            "<= 1.05",
        )
    )


def print_timings(rows):
    """``(label, Timing)`` rows under a CPU, wall and peak memory heading."""
    width = max(len(label) for label, _timing in rows)
    print(" " * width + "    CPU      wall    peak")
    for label, timing in rows:
        print(
            f"{label:<{width}} {timing.cpu:6.2f} s {timing.wall:6.2f} s "
            f"{timing.peak:5.0f} MB"
        )


def ratios(label, timing, base, target):
    return (
        f"ratio {label}{timing.cpu / base.cpu:5.2f}  {timing.wall / base.wall:5.2f}"
        f"  {timing.peak / base.peak:5.2f}   (target {target})"
    )


if __name__ == "__main__":
    main()
