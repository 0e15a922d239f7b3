"""Benchmark: moving a big WordPress journal in, and building what came in.

    python bench/wordpress_benchmark.py [--posts 5000] [--comments 50000]

Writes a WordPress export of N posts (classic and block-editor bodies with
captions, galleries, embeds, links between posts; one in twenty a draft, one
in fifty private), a few pages and M comments (threaded; some pending,
spam, pingbacks), then in a fresh process each:
  - imports it with ``import_wordpress`` into an empty journal: wall and CPU
    seconds, and the process's peak memory (``ru_maxrss``);
  - builds the imported journal with every plugin (``build_benchmark.py``'s
    build): wall and CPU seconds, and the files written.
Targets (issue 13): the import under 60 s and 300 MB; the journal builds.
"""

import argparse
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from build_benchmark import overrides, run_build  # noqa: E402

START = datetime(2012, 1, 1, 20, 0)
NAMES = ["Alice", "Bob", "Carol", "Dan", "Eve", "Frank", "Gina", "Hana"]
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old journal</title>
<wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:author><wp:author_login>ren</wp:author_login>
<wp:author_display_name><![CDATA[Ren Halloran]]></wp:author_display_name></wp:author>
"""
UPLOADS = "https://old.example.org/wp-content/uploads"
CLASSIC = (
    "Day {n}: the ankles again.\nStairs twice, then the calf stretch.\n\n"
    '[caption id="attachment_{a}" width="300"]<img src="' + UPLOADS + "/{y}/{m}/"
    'day-{n}.jpg" alt="Day {n}" /> The stairs[/caption]\n\n'
    "<ul>\n<li>tizanidine at night</li>\n<li>baclofen at noon</li>\n</ul>\n"
    "<!--more-->\n"
    'Back to <a href="https://old.example.org/{prev}/">yesterday</a>. '
    "*Not emphasis*, 1. not a list.\n\n"
    "https://video.example.com/watch?v={n}\n\n"
    '[gallery ids="{a}"]'
)
BLOCKS = (
    "<!-- wp:paragraph -->\n<p>Day {n}: a block-editor day, "
    '<a href="https://old.example.org/?p={previd}">see before</a>.</p>\n'
    "<!-- /wp:paragraph -->\n<!-- wp:table -->\n"
    '<figure class="wp-block-table"><table><tbody><tr><td>beats</td><td>{n}</td>'
    "</tr></tbody></table></figure>\n<!-- /wp:table -->\n"
    '<!-- wp:quote --><blockquote class="wp-block-quote"><p>Slow is smooth.</p>'
    "</blockquote><!-- /wp:quote -->"
)


def comment(rng, number, parent, when):
    kind, status = "", "1"
    roll = rng.random()
    if roll < 0.05:
        kind = "pingback"
    elif roll < 0.08:
        status = "spam"
    elif roll < 0.12:
        status = "0"
    url = "https://friend.example.net/post/" if kind else ""
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[{rng.choice(NAMES)}]]></wp:comment_author>"
        f"<wp:comment_author_url>{url}</wp:comment_author_url>"
        f"<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
        "<wp:comment_content><![CDATA[Thinking of you.\nThe banister helps."
        "\n\n    Indented, not code.]]></wp:comment_content>"
        f"<wp:comment_approved>{status}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def item(number, day, slug, kind, status, body, comments=""):  # noqa: PLR0917
    return (
        f"<item><title>Day {number}, counting again</title>"
        f"<link>https://old.example.org/{day:%Y/%m/%d}/{slug}/</link>"
        "<dc:creator>ren</dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        f"<wp:post_date>{day:%Y-%m-%d %H:%M:%S}</wp:post_date>"
        f"<wp:post_date_gmt>{day:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>"
        f"<wp:post_parent>0</wp:post_parent><wp:post_type>{kind}</wp:post_type>"
        '<category domain="category" nicename="journal"><![CDATA[Journal]]></category>'
        '<category domain="post_tag" nicename="clonus"><![CDATA[clonus]]></category>'
        f"{comments}</item>\n"
    )


def write_export(path, posts, comments):
    rng = random.Random(13)
    per_post = [0] * posts
    for _ in range(comments):
        per_post[rng.randrange(posts)] += 1
    number = 1_000_000
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for index in range(posts):
            day = START + timedelta(days=index)
            slug = f"day-{index}-counting-again"
            prev = f"{day - timedelta(days=1):%Y/%m/%d}/day-{index - 1}-counting-again"
            status = "draft" if index % 20 == 7 else "publish"
            status = "private" if index % 50 == 11 else status
            template = BLOCKS if index % 3 == 0 else CLASSIC
            body = template.format(
                n=index, a=500_000 + index, y=f"{day:%Y}", m=f"{day:%m}",
                prev=prev, previd=index,
            )  # fmt: skip
            thread, parts = [], []
            for _ in range(per_post[index]):
                number += 1
                parent = rng.choice(thread) if thread and rng.random() < 0.5 else 0
                when = day + timedelta(hours=1 + len(parts))
                parts.append(comment(rng, number, parent, when))
                thread.append(number)
            out.write(item(index + 1, day, slug, "post", status, body, "".join(parts)))
            out.write(
                f"<item><title>day-{index}</title><wp:post_id>{500_000 + index}"
                "</wp:post_id><wp:post_type>attachment</wp:post_type>"
                f"<wp:post_parent>{index + 1}</wp:post_parent><wp:attachment_url>"
                f"https://old.example.org/wp-content/uploads/{day:%Y}/{day:%m}/"
                f"day-{index}.jpg</wp:attachment_url></item>\n"
            )
        for index in range(20):
            out.write(item(900_000 + index, START, f"page-{index}", "page", "publish",
                           f"Page {index}."))  # fmt: skip
        out.write("</channel></rss>\n")


IMPORT = """
import resource, sys, time
sys.path.insert(0, {root!r})
from pelican.settings import read_settings
from plugins.wordpress.importer import import_wordpress
settings = read_settings({config!r}, override={{"PATH": {content!r}}})
wall, cpu = time.perf_counter(), time.process_time()
report = import_wordpress({export!r}, {content!r}, settings)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
for line in report.lines():
    print("    " + line)
print(wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=50000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wordpress-bench-") as name:
        folder = Path(name)
        export = folder / "export.xml"
        write_export(export, options.posts, options.comments)
        content = folder / "ours"
        content.mkdir()
        code = IMPORT.format(
            root=str(ROOT),
            config=str(ROOT / "pelicanconf.py"),
            content=str(content),
            export=str(export),
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        *report, numbers = done.stdout.strip().splitlines()
        wall, cpu, peak_kb = map(float, numbers.split())
        size = export.stat().st_size / 1e6
        posts = sum(1 for _ in (content / "posts").rglob("*.md"))
        comments = sum(1 for _ in (content / "comments").rglob("*.md"))
        print(
            f"export: {options.posts} posts, {options.comments} comments, {size:.1f} MB"
        )
        print("\n".join(report))
        print(
            f"import: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak_kb / 1024:.0f} MB"
        )
        print(f"        {posts} post files, {comments} comment files")
        output = folder / "out-ours"
        build = run_build(
            str(ROOT / "pelicanconf.py"), overrides(folder, "ours", output), keep=True
        )
        pages = sum(1 for _ in output.rglob("*.html"))
        print(f"build:  {build.wall:.2f} s wall, {build.cpu:.2f} s CPU, {pages} HTML")
        print("target: import under 60 s and 300 MB; the journal builds")


if __name__ == "__main__":
    main()
