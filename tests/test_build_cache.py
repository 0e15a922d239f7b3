"""A build that reuses the cache writes exactly what a build from nothing writes.

The sample journal (posts, pages, comments) is copied, built without any
cache, then with the cache twice; after each edit a writer makes, a rebuild
over the old output and cache (as ``invoke build`` makes it: the output is
kept, and a page that holds what it would render to is not rendered again)
is compared, file by file and byte by byte, with a build of the edited
journal from nothing: what the rebuild no longer makes (the page of a post
made a draft, the old address of a retitled one) is gone from it too.
"""

import re
import shutil

import pytest
from conftest import ROOT
from jinja2 import Template
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

from plugins.comments import feeds as comment_feeds
from plugins.comments import site as comment_site
from plugins.writer.writer import JournalWriter


def build(content, output, cache=None, **override):
    """Build ``content`` into ``output``: with the cache folder ``cache`` over
    what ``output`` holds, or from nothing with no cache of any kind; every
    file of the output, by name."""
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(cache or output.with_name(output.name + "-unused")),
        "DELETE_OUTPUT_DIRECTORY": cache is None,
        **override,
    }
    if cache is None:
        values.update(CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=values)
    if cache is None:
        settings["PLUGINS"].remove("plugins.build_cache")
    Pelican(settings).run()
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in output.rglob("*")
        if path.is_file()
    }


# Pagefind writes its filters and their index under names that change from one
# build to the next even from the same pages (two builds from nothing already
# differ there): those are compared by number, everything else byte for byte.
UNSTABLE = re.compile(
    r"pagefind/(filter/.*\.pf_filter|.*\.pf_meta|pagefind-entry\.json)"
)


def differences(first, second):
    names = sorted(set(first) | set(second))
    differ = [n for n in names if first.get(n) != second.get(n)]
    stable = [n for n in differ if not UNSTABLE.fullmatch(n)]
    counts = [len(list(filter(UNSTABLE.fullmatch, files))) for files in (first, second)]
    return stable if counts[0] == counts[1] else [*stable, counts]


@pytest.fixture
def journal(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def kept(cache):
    """Each cache entry's name and modification time, by kind of entry."""
    return {
        path.relative_to(cache).as_posix(): path.stat().st_mtime_ns
        for kind in ("charts", "comments", "pages")
        for path in cache.glob(f"*/{kind}/*")
    }


def test_cached_builds_write_what_a_build_from_nothing_writes(
    journal, tmp_path, monkeypatch
):
    cold = build(journal, tmp_path / "cold")
    cache = tmp_path / "cache"
    assert differences(build(journal, tmp_path / "cached", cache), cold) == []
    made = kept(cache)
    assert len([name for name in made if "/charts/" in name]) > 10
    posts = [path for path in (journal / "comments").iterdir() if path.is_dir()]
    # the index, the orphans to warn about, and each post's comments
    assert len([name for name in made if "/comments/" in name]) == 2 + len(posts)
    rendered, feeds, threaded, site_feeds = [], [], [], []
    render, write_feed = Template.render, comment_feeds.write_feed
    new_feed = JournalWriter._create_new_feed
    monkeypatch.setattr(
        JournalWriter,
        "_create_new_feed",
        lambda self, *a: site_feeds.append(a) or new_feed(self, *a),
    )
    make = comment_site._Making.post_comments
    monkeypatch.setattr(
        comment_site._Making,
        "post_comments",
        lambda self, post, found: threaded.append(post.slug) or make(self, post, found),
    )
    monkeypatch.setattr(
        Template,
        "render",
        lambda self, *a: rendered.append(self.name) or render(self, *a),
    )
    monkeypatch.setattr(
        comment_feeds,
        "write_feed",
        lambda output, path, *a, **k: (
            feeds.append(path) or write_feed(output, path, *a, **k)
        ),
    )
    assert differences(build(journal, tmp_path / "cached", cache), cold) == []
    assert kept(cache) == made  # nothing drawn or read again
    assert rendered == []  # every page was already what it would render to
    assert sorted(feeds) == ["feeds/comments.atom.xml", "feeds/comments.rss.xml"]
    assert threaded == []  # no post's comments made again
    assert site_feeds == []  # nor any feed of posts


def first_post(content):
    return sorted((content / "posts").rglob("*.md"))[0]


def append_to_body(content):
    post = first_post(content)
    post.write_text(post.read_text() + "\nOne more sentence, added later.\n")


def retitle(content):
    post = first_post(content)
    text = post.read_text()
    start = text.index("title:")
    end = text.index("\n", start)
    post.write_text(text[:start] + 'title: "A new title"' + text[end:])


def log_one_more_episode(content):
    post = sorted((content / "posts").rglob("*.md"))[3]
    text = post.read_text()
    at = text.index("\nepisodes:\n") + len("\nepisodes:\n")
    added = "  - site: knee\n    beats: 33\n    note: Added later.\n"
    post.write_text(text[:at] + added + text[at:])


def add_a_comment(content):
    folder = next(p for p in (content / "comments").iterdir() if p.is_dir())
    (folder / "c-added-later.md").write_text(
        "---\nid: c-added-later\nauthor: Sam\ndate: 2026-11-30T10:00:00+00:00\n"
        "status: approved\nsource: file\n---\nA comment added later.\n"
    )


def mark_a_comment_spam(content):
    comment = sorted((content / "comments").rglob("*.md"))[0]
    text = comment.read_text()
    comment.write_text(text.replace("status: approved", "status: spam"))


def make_a_post_a_draft(content):
    post = first_post(content)
    text = post.read_text()
    post.write_text(text.replace("\ntitle:", "\nstatus: draft\ntitle:", 1))


def change_a_page(content):
    page = sorted((content / "pages").glob("*.md"))[0]
    page.write_text(page.read_text() + "\nA line added to the page.\n")


EDITS = [
    append_to_body,
    retitle,
    log_one_more_episode,
    add_a_comment,
    mark_a_comment_spam,
    make_a_post_a_draft,
    change_a_page,
]


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_after_an_edit_a_rebuild_writes_what_a_fresh_build_writes(
    journal, tmp_path, edit
):
    cache, output = tmp_path / "cache", tmp_path / "output"
    before = build(journal, output, cache)
    edit(journal)
    rebuilt = build(journal, output, cache)
    fresh = build(journal, tmp_path / "fresh")
    assert differences(rebuilt, fresh) == []
    assert differences(rebuilt, before)  # the edit shows


def posts_half_a_year_apart(content):
    """``{name: post file}``: posts whose charts share no day; the early and
    the late one are not neighbours (each page links its neighbours)."""
    posts = {}
    days = {"early": "2025-01-10", "middle": "2025-07-10", "late": "2026-01-10"}
    for name, day in days.items():
        posts[name] = content / "posts" / f"{name}.md"
        posts[name].parent.mkdir(parents=True, exist_ok=True)
        posts[name].write_text(
            f"---\ntitle: The {name} post\ndate: {day} 09:00\nepisodes:\n"
            "  - site: ankle\n    beats: 4\n---\nA day like the others.\n"
        )
    return posts


def log_an_episode(post):
    text = post.read_text()
    at = text.index("\nepisodes:\n") + len("\nepisodes:\n")
    post.write_text(text[:at] + "  - site: knee\n    beats: 9\n" + text[at:])


def comment_on(post):
    folder = post.parents[1] / "comments" / f"the-{post.stem}-post"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "c1.md").write_text(
        "---\nid: c1\nauthor: Sam\ndate: 2026-01-11T10:00:00+00:00\n"
        "status: approved\nsource: file\n---\nSame here.\n"
    )


@pytest.mark.parametrize("edit", [log_an_episode, comment_on])
def test_an_edit_renders_again_only_the_pages_that_show_it(tmp_path, monkeypatch, edit):
    content, cache, output = tmp_path / "content", tmp_path / "cache", tmp_path / "out"
    posts = posts_half_a_year_apart(content)
    comment_on(posts["middle"])  # so that the footer links recent comments already
    build(content, output, cache)
    edit(posts["late"])
    rendered = []
    render = Template.render
    monkeypatch.setattr(
        Template,
        "render",
        lambda self, *a: (
            rendered.append(str(a[0].get("output_file"))) or render(self, *a)
        ),
    )
    build(content, output, cache)
    assert any("the-late-post" in name for name in rendered)
    assert not [name for name in rendered if "the-early-post" in name]


def test_a_rebuild_warns_about_an_orphan_as_the_first_build_did(
    tmp_path, caplog, monkeypatch
):
    content, cache, output = tmp_path / "content", tmp_path / "cache", tmp_path / "out"
    posts = posts_half_a_year_apart(content)
    comment_on(posts["late"])
    orphan = content / "comments" / "the-late-post" / "c2.md"
    orphan.write_text(
        "---\nid: c2\nauthor: Ana\ndate: 2026-01-12T10:00:00+00:00\n"
        "status: approved\nsource: file\nreplyto: c-deleted\n---\nAnd me.\n"
    )
    warned = []
    for _build in range(2):  # (Pelican logs a message once a process)
        monkeypatch.setattr(LimitFilter, "_raised_messages", set())
        caplog.clear()
        build(content, output, cache)
        warned.append([m for m in caplog.messages if "c2.md: replyto" in m])
    assert len(warned[0]) == 1 and warned[1] == warned[0]


def test_a_theme_change_renders_every_page_again(journal, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    cache, output = tmp_path / "cache", tmp_path / "output"
    build(journal, output, cache, THEME=str(theme))
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("Built with", "Made with"))
    rebuilt = build(journal, output, cache, THEME=str(theme))
    fresh = build(journal, tmp_path / "fresh", THEME=str(theme))
    assert differences(rebuilt, fresh) == []
    assert b"Made with" in rebuilt["index.html"]


def test_a_rebuild_removes_only_what_an_earlier_build_made(journal, tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "output"
    before = build(journal, output, cache)
    mine = output / "notes-of-mine.txt"  # put there by hand: never the build's
    mine.write_text("kept")
    make_a_post_a_draft(journal)
    after = build(journal, output, cache)
    gone = sorted(set(before) - set(after))
    written = [name for name in gone if not name.startswith("pagefind/")]
    assert written and all(name.endswith((".html", ".svg", ".xml")) for name in written)
    assert mine.read_text() == "kept"
    static = [name for name in before if name.startswith("theme/")]
    assert static and all(name in after for name in static)
