"""invoke fetch-feeds, import-opml, and publish's refresh, in a copy of the project."""

import difflib
import shutil
import subprocess
import sys

import pytest
from blogroll_server import FeedServer, Route, loopback_only
from conftest import FIXTURES, ROOT
from invoke import Context, Exit

import tasks
from plugins.blogroll.settings_file import (
    SettingsEditError,
    add_blogs,
    current_blogroll,
)

FEEDS = FIXTURES / "blogroll"
OPML = FIXTURES / "blogroll_opml"
RSS = (FEEDS / "wordpress_rss.xml").read_bytes()
ATOM = (FEEDS / "wordpress_atom.xml").read_bytes()


@pytest.fixture
def server(monkeypatch):
    loopback_only(monkeypatch)
    routes = {
        "/rss/": Route(body=RSS),
        "/atom/": Route(body=ATOM),
        "/broken/": Route(status=500, body=b"oops"),
        "/html/": Route(body=b"<!DOCTYPE html><html><body>hi</body></html>"),
    }
    with FeedServer(routes) as running:
        yield running


def blogroll_text(server, *paths):
    entries = [
        {
            "name": f"Blog {path.strip('/')}",
            "url": "https://b.example/",
            "feed": server.url(path),
        }
        for path in paths
    ]
    return f"\nBLOGROLL = {entries!r}\nBLOGROLL_SETTINGS = {{'timeout': 2}}\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project (no posts needed) with tasks.py pointed at it."""
    root = tmp_path / "journal"
    root.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("plugins", "theme"):
        shutil.copytree(
            ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copytree(
        FIXTURES / "valid",
        root / "content" / "posts",
        ignore=shutil.ignore_patterns("page_*"),
    )
    monkeypatch.setattr(tasks, "ROOT", root)
    return root


def with_blogroll(project, server, *paths):
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text() + blogroll_text(server, *paths))


def test_fetch_feeds_shows_each_outcome_and_sums_up_the_failures(
    project, server, capsys
):
    with_blogroll(project, server, "/rss/", "/broken/", "/html/", "/atom/")
    tasks.fetch_feeds(Context())
    out = capsys.readouterr().out
    lines = [line.split() for line in out.splitlines() if line.startswith("  [")]
    assert sorted((words[1], words[3].rstrip(":")) for words in lines) == [
        ("FAILED", "broken"),
        ("FAILED", "html"),
        ("updated", "atom"),
        ("updated", "rss"),
    ]
    assert (
        "fetch-feeds: 2 updated, 2 failed" in out
        or "fetch-feeds: 2 failed, 2 updated" in out
    )
    assert (
        f"  Blog broken <{server.url('/broken/')}>: HTTP 500 Internal Server Error"
        in out
    )
    assert f"  Blog html <{server.url('/html/')}>: an HTML page, not a feed" in out
    assert len(list((project / "cache" / "blogroll").glob("*.json"))) == 4
    tasks.fetch_feeds(Context(), force=True)
    assert "2 not-modified" in capsys.readouterr().out


def test_fetch_feeds_fails_only_when_nothing_could_be_done(project, server, capsys):
    with_blogroll(project, server, "/broken/", "/html/")
    with pytest.raises(Exit, match="no feed could be fetched") as stopped:
        tasks.fetch_feeds(Context())
    assert stopped.value.code == 1


def test_fetch_feeds_with_an_empty_blogroll_does_nothing(project, capsys):
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text() + "\nBLOGROLL = [{'name': 'broken'}]\n")
    tasks.fetch_feeds(Context())
    out = capsys.readouterr().out
    assert "BLOGROLL[0] (broken): url: must be an http or https address" in out
    assert "nothing to fetch" in out


def test_the_fetch_feeds_command_line(project, server):
    with_blogroll(project, server, "/rss/")
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "fetch-feeds"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "[1/1] updated      Blog rss: 2 posts" in done.stdout


def test_publish_refreshes_first_and_a_failure_does_not_stop_it(
    project, server, capsys
):
    with_blogroll(project, server, "/rss/")
    tasks.fetch_feeds(Context())
    server.routes["/rss/"] = Route(status=500, body=b"down")
    (project / "pelicanconf.py").write_text(
        (project / "pelicanconf.py").read_text()
        + "BLOGROLL_SETTINGS = {'refresh': 0}\n"
    )
    subprocess_publish = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert subprocess_publish.returncode == 0, subprocess_publish.stderr
    assert "HTTP 500" in subprocess_publish.stdout
    page = (project / "output" / "blogroll" / "index.html").read_text()
    assert "Stairs &amp; small wins" in page  # the stale cache was used


def test_import_opml_adds_blogs_and_keeps_every_other_byte(project, capsys):
    conf = project / "pelicanconf.py"
    before = conf.read_text()
    with pytest.raises(Exit, match="1 outline"):
        tasks.import_opml(Context(), str(OPML / "feed_reader_export.opml"))
    after = conf.read_text()
    _, blogroll = current_blogroll(after, "pelicanconf.py")
    old = current_blogroll(before, "pelicanconf.py")[1]
    assert blogroll[: len(old)] == old
    assert blogroll[len(old) :] == [
        {
            "name": "Journal One",
            "url": "https://journal-one.example/",
            "feed": "https://journal-one.example/feed/",
        },
        {
            "name": "Journal Two",
            "url": "https://journal-two.example/",
            "feed": "https://journal-two.example/feed/atom/",
            "tagline": "Because moulds & playdough",
        },
        {
            "name": "Text only name",
            "url": "https://textonly.example/",
            "feed": "https://textonly.example/rss",
        },
    ]
    changes = difflib.ndiff(before.splitlines(), after.splitlines())
    assert [line for line in changes if line[0] in "-?"] == []  # only added lines
    err = capsys.readouterr().err
    assert "outline 4: xmlUrl: must be an http or https address" in err
    tasks.import_opml(
        Context(), str(OPML / "feed_reader_export.opml")
    ) if False else None
    with pytest.raises(Exit):
        tasks.import_opml(Context(), str(OPML / "feed_reader_export.opml"))
    assert conf.read_text() == after  # a second import adds nothing
    assert "0 added to pelicanconf.py, 3 already there" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("entity_expansion.opml", "declares a DOCTYPE or entities"),
        ("entity_expansion_utf16.opml", "declares a DOCTYPE or entities"),
        ("not_opml.opml", "not an OPML file"),
        ("not_xml.opml", "not well-formed XML"),
        ("unknown_encoding.opml", "not readable XML: unknown encoding: x-klingon"),
        ("missing.opml", "No such file"),
    ],
)
def test_import_opml_refuses_a_bad_file_and_writes_nothing(project, name, message):
    conf = project / "pelicanconf.py"
    before = conf.read_bytes()
    with pytest.raises(Exit, match=message):
        tasks.import_opml(Context(), str(OPML / name))
    assert conf.read_bytes() == before


def test_an_opml_file_in_utf16_imports_as_in_utf8():
    utf16 = tasks.import_opml_file(OPML / "feed_reader_export_utf16.opml")
    assert utf16 == tasks.import_opml_file(OPML / "feed_reader_export.opml")
    assert [entry["name"] for entry in utf16.entries] == [
        "Journal One",
        "Journal Two",
        "Text only name",
    ]


NEW = {
    "name": "New",
    "url": "https://new.example/",
    "feed": "https://new.example/feed/",
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("A = 1\n", 'A = 1\nBLOGROLL = [\n    {\n        "name": "New",'),
        ("BLOGROLL = []  # none yet\n", "BLOGROLL = [\n    {\n"),
        (
            "BLOGROLL = [{'name': 'Old', 'url': 'https://old.example/'}]\n",
            "'},\n    {\n",
        ),
        (
            "BLOGROLL = [\n    {'name': 'Old', 'url': 'https://o.example/'}  # 1\n]\n",
            "'},  # 1\n    {\n",
        ),
        (
            "BLOGROLL = [\r\n    {'name': 'Old', 'url': 'https://o.example/'},\r\n]\r\n",
            "'},\r\n    {\r\n",
        ),
    ],
    ids=["no-blogroll", "empty", "one-line", "comment-after-last", "crlf"],
)
def test_add_blogs_inserts_text_and_reads_back(source, expected):
    text, added, skipped = add_blogs(source, [NEW, dict(NEW)])
    assert expected in text
    assert (added, len(skipped)) == ([NEW], 1)
    assert current_blogroll(text, "p")[1][-1] == NEW


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("BLOGROLL = list()\n", "not a plain"),
        ("BLOGROLL = [dict(name='x')]\n", "more than plain values"),
        ("BLOGROLL = [\n", "cannot be parsed"),
    ],
)
def test_add_blogs_refuses_what_it_cannot_edit_safely(source, message):
    with pytest.raises(SettingsEditError, match=message):
        add_blogs(source, [NEW])
