"""The invoke tasks, run in a copy of the project in a temporary folder."""

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, ROOT
from invoke import Context, Exit

import tasks

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 21, 21, 30, tzinfo=LONDON)
PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project with a small journal, and tasks.py pointed at it."""
    root = tmp_path / "journal"
    root.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(
            source,
            root / name,
            **(
                {"ignore": shutil.ignore_patterns("__pycache__")}
                if source.is_dir()
                else {}
            ),
        )
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    for name in ("article_with_full_log.md", "article_pelican_style.md"):
        shutil.copy(FIXTURES / "valid" / name, posts / name)
    monkeypatch.setattr(tasks, "ROOT", root)
    monkeypatch.setattr(tasks, "_now", lambda: NOW)
    return root


def invoke(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def tree_digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    }


TODAY_POST = """---
# Saturday. Comments, odd key order and quoting must survive.
date: 2026-03-21 08:00   # written at breakfast
title: 'Saturday, slow'
episodes:
{items}
# a comment between keys
ratings: {{spasticity: 5}}
tags: [weekend]
---
Body text stays too.
"""
INDENTED = "  - at: 07:40\n    site: ankle   # left, I think\n    beats: 12\n"
FLUSH = "- at: 07:40\n  site: ankle\n  beats: 12\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("items", [INDENTED, FLUSH], ids=["indented", "flush"])
def test_log_appends_an_episode_and_keeps_every_other_byte(project, items, newline):
    path = project / "content" / "posts" / "2026-03-21-saturday.md"
    before = TODAY_POST.format(items=items.rstrip("\n")).replace("\n", newline)
    path.write_bytes(before.encode())
    tasks.log(
        Context(),
        "knee",
        beats="5",
        side="right",
        trigger="stairs, cold",
        at="21:05",
        note="Odd: yes # no",
        severity="7",
    )
    after = path.read_bytes().decode()
    indent = items[: items.index("-")]
    added = [
        f"{indent}- at: 2026-03-21 21:05",
        f"{indent}  site: knee",
        f"{indent}  side: right",
        f"{indent}  beats: 5",
        f"{indent}  severity: 7",
        f"{indent}  triggers: [stairs, cold]",
        f'{indent}  note: "Odd: yes # no"',
    ]
    anchor = items.rstrip("\n").replace("\n", newline) + newline
    assert after == before.replace(anchor, anchor + newline.join(added) + newline)
    episodes = tasks.parse_post(after, "p", LONDON).log.episodes
    assert [(e.site, e.beats, e.severity) for e in episodes] == [
        ("ankle", 12, None),
        ("knee", 5, 7),
    ]


def test_log_adds_the_episodes_key_when_the_post_has_none(project):
    path = project / "content" / "posts" / "today.md"
    before = "---\ntitle: Today\ndate: 2026-03-21 07:00\n---\nText.\n"
    path.write_text(before)
    tasks.log(Context(), "jaw", trigger="chewing")
    assert path.read_text() == (
        "---\ntitle: Today\ndate: 2026-03-21 07:00\nepisodes:\n"
        "  - at: 2026-03-21 21:30\n    site: jaw\n    triggers: [chewing]\n"
        "---\nText.\n"
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("episodes: []   # nothing yet", "episodes:   # nothing yet"),
        ("episodes: ~ # none", "episodes: # none"),
        ("episodes: null\t# none", "episodes:\t# none"),
        ("episodes: []", "episodes:"),
    ],
)
def test_log_keeps_the_comment_on_an_empty_episodes_line(project, line, kept, newline):
    path = project / "content" / "posts" / "today.md"
    before = f"---\ntitle: Today\ndate: 2026-03-21 07:00\n{line}\n---\nText.\n"
    path.write_bytes(before.replace("\n", newline).encode())
    tasks.log(Context(), "jaw")
    expected = (
        f"---\ntitle: Today\ndate: 2026-03-21 07:00\n{kept}\n"
        "  - at: 2026-03-21 21:30\n    site: jaw\n---\nText.\n"
    )
    assert path.read_bytes().decode() == expected.replace("\n", newline)


def test_log_creates_todays_post_when_there_is_none(project):
    tasks.log(Context(), "ankle", beats="3", side="left")
    path = project / "content" / "posts" / "2026" / "2026-03-21-symptom-log.md"
    post = tasks.parse_post(path.read_text(), "p", LONDON)
    assert post.errors == []
    assert post.meta["title"] == "Symptom log, 21 March 2026"
    assert [(e.site, e.side, e.beats) for e in post.log.episodes] == [
        ("ankle", "left", 3)
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"severity": "11"}, "severity: must be 0 to 10, got 11"),
        ({"beats": "-2"}, "beats: must be 0 to 10000, got -2"),
        ({"beats": "many"}, "--beats must be a number"),
        ({"side": "up"}, "side: 'up' is not one of left, right, both"),
        ({"at": "25:00"}, "is not a real date or time"),
    ],
)
def test_log_refuses_bad_values_and_writes_nothing(project, options, message):
    path = project / "content" / "posts" / "2026-03-21-saturday.md"
    before = TODAY_POST.format(items=INDENTED.rstrip("\n"))
    path.write_text(before)
    with pytest.raises(Exit, match=message):
        tasks.log(Context(), "ankle", **options)
    assert path.read_text() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "2026-03-21-saturday.md",
        "article_pelican_style.md",
        "article_with_full_log.md",
    ]


def test_log_refuses_a_post_it_cannot_read(project):
    path = project / "content" / "posts" / "today.md"
    before = "---\ntitle: Today\ndate: 2026-03-21 07:00\nepisodes: [\n---\n"
    path.write_text(before)
    with pytest.raises(Exit, match="fix this first"):
        tasks.log(Context(), "ankle")
    assert path.read_text() == before


def test_new_writes_a_post_and_never_overwrites(project, capsys):
    tasks.new(Context(), "Stairs, again: a report", tags="stairs, clonus")
    path = project / "content/posts/2026/2026-03-21-stairs-again-a-report.md"
    post = tasks.parse_post(path.read_text(), "p", LONDON)
    assert post.problems == []
    assert post.meta["title"] == "Stairs, again: a report"
    assert post.meta["tags"] == ["stairs", "clonus"]
    assert post.meta["category"] == "Journal"  # pelicanconf's DEFAULT_CATEGORY
    path.write_text(path.read_text() + "My words.\n")
    with pytest.raises(Exit, match="already exists"):
        tasks.new(Context(), "Stairs, again: a report")
    assert path.read_text().endswith("My words.\n")


def test_new_and_log_posts_build_in_the_default_category_not_the_year(project):
    tasks.new(Context(), "Stairs again")
    tasks.log(Context(), "ankle")
    assert invoke(project, "build").returncode == 0
    categories = project / "output" / "category"
    assert sorted(p.name for p in categories.iterdir()) == ["journal"]


def test_check_prints_each_problem_and_exits_1(project, capsys):
    tasks.check(Context())
    assert "check: no errors" in capsys.readouterr().out
    shutil.copy(
        FIXTURES / "invalid" / "article_severity_out_of_range.md",
        project / "content" / "posts",
    )
    with pytest.raises(Exit) as stopped:
        tasks.check(Context())
    assert stopped.value.code == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/posts/article_severity_out_of_range.md:7: severity: "
        "must be 0 to 10, got 11"
    ]


def test_build_then_publish_and_a_failed_publish_keeps_the_output(project):
    done = invoke(project, "build", "publish")
    assert done.returncode == 0, done.stderr
    published = tree_digest(project / "output")
    assert "feeds/all.atom.xml" in published
    assert "2026/03/14/stretching-sets-off-the-ankles-again/index.html" in published
    shutil.copy(
        FIXTURES / "invalid" / "article_malformed_yaml.md", project / "content/posts"
    )
    failed = invoke(project, "publish")
    assert failed.returncode != 0
    assert tree_digest(project / "output") == published
    assert not list(project.glob(".output*"))


def test_publish_stops_when_private_text_leaks(project):
    (project / "content/posts/private.md").write_text(
        "---\ntitle: P\ndate: 2026-03-01 10:00\n"
        "private:\n  notes: canary-theme-leak-19\n---\nBody.\n"
    )
    base = project / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "canary-theme-leak-19</body>"))
    done = invoke(project, "publish")
    assert done.returncode != 0
    assert "contains private text 'canary-theme-leak-19'" in done.stderr
    assert not (project / "output").exists()


def test_clean_and_rebuild(project):
    assert invoke(project, "rebuild").returncode == 0
    assert (project / "output" / "index.html").is_file()
    assert invoke(project, "clean").returncode == 0
    assert not (project / "output").exists()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(root, *args, stdout=subprocess.DEVNULL):
    """A long-running task in its own process group, stopped on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", *args],
        cwd=root,
        start_new_session=True,
        stdout=stdout,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wait_for(check, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def fetch(url):
    """``(status, body)`` of a GET, an error status included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def page_at(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def edit_until_seen(post, old, new, seen):
    """Edit a post, again if needed: an edit made while Pelican is still
    building, before it watches for changes, is (by design) not noticed."""
    for _attempt in range(6):
        post.write_text(post.read_text().replace(old, new))
        if wait_for(seen, seconds=10):
            return True
        post.write_text(post.read_text().replace(new, old))
    return False


@pytest.mark.parametrize("name", ["reserve", "livereload"])
def test_serving_tasks_serve_the_site_on_127_0_0_1(project, name):
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    url = f"{site}/2026/03/14/stretching-sets-off-the-ankles-again/"
    with running(project, name, "--port", str(port)):
        assert wait_for(lambda: "Stretching sets off" in page_at(url))
        missing = f"{site}/no/such/page/"  # once 404.html is built, it is served
        assert wait_for(lambda: "<h1>Page not found</h1>" in fetch(missing)[1])
        assert fetch(missing)[0] == 404
        feed = ET.fromstring(fetch(f"{site}/feeds/all.atom.xml")[1])
        self_link = feed.find("{http://www.w3.org/2005/Atom}link[@rel='self']")
        assert self_link.get("href") == f"{site}/feeds/all.atom.xml"  # this port
        index = f"{site}/pagefind/pagefind.js"  # made as the build ends: search
        assert wait_for(lambda: fetch(index)[0] == 200)
        if name == "livereload":
            post = project / "content/posts/article_with_full_log.md"
            assert edit_until_seen(
                post, "officially a trigger", "NEWER", lambda: "NEWER" in page_at(url)
            )


def test_regenerate_rebuilds_when_a_post_changes(project):
    built = (
        project / "output/2026/03/14/stretching-sets-off-the-ankles-again/index.html"
    )
    with running(project, "regenerate"):
        assert wait_for(built.exists)
        post = project / "content/posts/article_with_full_log.md"
        assert edit_until_seen(
            post,
            "officially a trigger",
            "REGENERATED",
            lambda: "REGENERATED" in built.read_text(),
        )


def test_serve_says_where_and_needs_a_build_first(project):
    assert "run invoke build" in invoke(project, "serve").stderr
    assert invoke(project, "build").returncode == 0
    with running(project, "serve", "--port", "0", stdout=subprocess.PIPE) as served:
        said = served.stdout.readline().decode()
    assert re.fullmatch(
        r"serve: http://127\.0\.0\.1:\d+/ serves .*output; Ctrl-C stops\n", said
    )


def test_preview_builds_with_the_production_settings(project):
    assert invoke(project, "preview").returncode == 0
    page = (project / "output/index.html").read_text()
    assert 'href="https://beats-per-minute.example.org/2026/03/14/' in page
