"""Benchmark: our build against plain Pelican on the same generated journal.

    python bench/build_benchmark.py [--posts 1000] [--repeat 3]

Generates N posts (about 10 episodes each, a medication change every 20
posts) twice: once with our YAML front matter, once as the same Markdown
bodies with Pelican's own ``Key: value`` metadata and no log, built with the
same settings but no plugins and Pelican's default theme. Each build runs in
a fresh process into an empty folder. Two times are printed for Pelican's run
(reading, generating, writing): its CPU time, with that of the second process
that reads comments (which other work on a shared machine disturbs far less
than wall time), and its wall time, what the writer waits for; the median of
``--repeat`` runs, plain and ours taking turns. Each build's output is deleted
once it is timed: on a virtual machine, writing into memory no earlier build
has used costs far more than it would on real hardware, and the site that
writes more would pay for it more. Then, with Pelican's content cache on, it
builds once, edits one post and times the rebuild over the existing output.
"""

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
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
print(cpu, time.perf_counter() - wall)
"""
Timing = namedtuple("Timing", "cpu wall")  # seconds


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
        capture_output=True,
        text=True,
        check=True,
    )
    if not keep:
        for folder in (override["OUTPUT_PATH"], override["CACHE_PATH"]):
            shutil.rmtree(folder, ignore_errors=True)
    return Timing(*map(float, done.stdout.strip().splitlines()[-1].split()))


def overrides(folder, kind, output, cache=False):
    values = {
        "PATH": str(folder / kind),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output) + "-cache",
        "CACHE_CONTENT": cache,
        "LOAD_CONTENT_CACHE": cache,
        "DELETE_OUTPUT_DIRECTORY": False,
    }
    if kind == "plain":  # Pelican's own theme has only Pelican's own pages
        values.update(
            {"PLUGINS": [], "THEME": "notmyidea", "DIRECT_TEMPLATES": PLAIN_PAGES}
        )
    return values


def cold_builds(folder, repeat):
    """Cold builds, plain and ours taking turns so that drift hits both alike."""
    config = str(ROOT / "pelicanconf.py")
    times = {"plain": [], "ours": []}
    for run in range(repeat):
        for kind, kind_times in times.items():
            output = folder / f"out-{kind}-{run}"
            kind_times.append(run_build(config, overrides(folder, kind, output)))
    return {kind: median(values) for kind, values in times.items()}


def rebuilds(folder, repeat):
    """With the content cache on: a cold build, then rebuilds after one edit each."""
    config = str(ROOT / "pelicanconf.py")
    posts = sorted((folder / "ours" / "posts").glob("*.md"))
    colds, warms = [], []
    for run in range(repeat):
        values = overrides(folder, "ours", folder / f"out-cached-{run}", cache=True)
        colds.append(run_build(config, values, keep=True))
        post = posts[(run + 1) * len(posts) // (repeat + 1)]
        post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n")
        warms.append(run_build(config, values))
    return median(colds), median(warms)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as temp:
        folder = Path(temp)
        generate(folder, args.posts)
        cold_times = cold_builds(folder, args.repeat)
        plain, ours = cold_times["plain"], cold_times["ours"]
        cold, warm = rebuilds(folder, args.repeat)
    print(f"posts: {args.posts} (about 10 episodes each), median of {args.repeat}")
    print_timings(
        [
            ("plain Pelican 4.12 cold build:", plain),
            ("condition journal cold build:", ours),
            ("cached cold build:", cold),
            ("rebuild after touching 1 post:", warm),
        ]
    )
    print(ratios("ours/plain:                   ", ours, plain, "<= 1.3"))
    print(ratios("rebuild/cold:                 ", warm, cold, "<= 0.6"))


def print_timings(rows):
    """``(label, Timing)`` rows under a CPU and wall heading."""
    width = max(len(label) for label, _timing in rows)
    print(" " * width + "    CPU      wall")
    for label, timing in rows:
        print(f"{label:<{width}} {timing.cpu:6.2f} s {timing.wall:6.2f} s")


def ratios(label, timing, base, target):
    return (
        f"ratio {label}{timing.cpu / base.cpu:5.2f}  {timing.wall / base.wall:5.2f}"
        f"   (target {target})"
    )


if __name__ == "__main__":
    main()
