"""invoke fetch-comments, and publish's fetch before it builds, in a copy of the
project whose post names its conversations on a 127.0.0.1 server."""

import shutil
import subprocess
import sys

import pytest
from blogroll_server import FeedServer, Route, loopback_only
from conftest import ROOT
from invoke import Context, Exit
from social_api import (
    WRITER_DID,
    bsky_node,
    bsky_post,
    bsky_thread,
    context,
    json_route,
    root_status,
    status,
)

import tasks

CONTEXT = "/api/v1/statuses/100/context"
THREAD = "/xrpc/app.bsky.feed.getPostThread"
RESOLVE = "/xrpc/com.atproto.identity.resolveHandle"


@pytest.fixture
def server(monkeypatch):
    loopback_only(monkeypatch)
    routes = {
        CONTEXT: json_route(context(status("101", "100", "<p>From Mastodon</p>"))),
        "/api/v1/statuses/100": json_route(root_status("100", likes=4, boosts=2)),
        RESOLVE: json_route({"did": WRITER_DID}),
        THREAD: json_route(
            bsky_thread("3kroot", bsky_node(bsky_post("3kone", "From Bluesky")))
        ),
    }
    with FeedServer(routes) as running:
        yield running


def post_text(server):
    return (
        "---\ntitle: Stairs again\ndate: 2026-03-14 10:00\nslug: stairs-again\n"
        f"mastodon: {server.url('/@ren/100')}\n"
        "bluesky: https://bsky.app/profile/ren.bsky.social/post/3kroot\n"
        "---\nThe stairs.\n"
    )


@pytest.fixture
def project(tmp_path, monkeypatch, server):
    """A copy of the project with one post that has both conversations."""
    root = tmp_path / "journal"
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "stairs.md").write_text(post_text(server))
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("plugins", "theme"):
        shutil.copytree(
            ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    conf = root / "pelicanconf.py"
    conf.write_text(
        conf.read_text()
        + f"COMMENTS['bluesky_api'] = {server.base!r}\n"
        + "COMMENTS['auto_approve'] = ['mastodon', 'bluesky']\n"
    )
    monkeypatch.setattr(tasks, "ROOT", root)
    return root


def stored(project):
    folder = project / "content" / "comments" / "stairs-again"
    return sorted(path.name for path in folder.glob("*.md"))


def test_fetch_comments_shows_each_source_and_stores_its_replies(
    project, server, capsys
):
    tasks.fetch_comments(Context())
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "fetch-comments: 2 source(s), at most 120 s in all"
    progress = sorted(line.split("] ", 1)[1] for line in out[1:3])
    assert progress == [
        "fetched  bluesky stairs-again: 1 new, 0 updated, 0 removed",
        "fetched  mastodon stairs-again: 1 new, 0 updated, 0 removed",
    ]
    assert out[3] == "fetch-comments: 2 source(s): 2 fetched, 0 failed"
    names = stored(project)
    assert [name.split("-")[0] for name in names] == ["bluesky", "mastodon"]
    assert (project / "cache" / "social").is_dir()


def test_a_failing_source_is_reported_and_keeps_its_replies(project, server, capsys):
    tasks.fetch_comments(Context())
    before = stored(project)
    server.routes[CONTEXT] = Route(status=503, body=b"down")
    server.routes[CONTEXT.rsplit("/", 1)[0]] = Route(status=503, body=b"down")
    tasks.fetch_comments(Context())
    out = capsys.readouterr().out
    assert "FAILED   mastodon stairs-again: HTTP 503" in out
    assert "2 source(s): 1 fetched, 1 failed" in out
    assert "  mastodon stairs-again: HTTP 503 Service Unavailable" in out
    assert stored(project) == before


def test_when_every_source_fails_the_task_fails(project, server):
    for path in list(server.routes):
        server.routes[path] = Route(status=500)
    with pytest.raises(Exit, match="no source could be fetched"):
        tasks.fetch_comments(Context())
    assert stored(project) == []


def test_a_journal_without_conversations_has_nothing_to_fetch(project, capsys):
    (project / "content" / "posts" / "stairs.md").write_text(
        "---\ntitle: Plain\ndate: 2026-03-14 10:00\n---\nNo conversation.\n"
    )
    tasks.fetch_comments(Context())
    assert capsys.readouterr().out == (
        "fetch-comments: no post names a conversation and no webmention_io is set\n"
    )
    assert not (project / "content" / "comments").exists()


def run_task(project, name):
    return subprocess.run(
        [sys.executable, "-m", "invoke", name],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_build_never_goes_online(project, server):
    done = run_task(project, "build")
    assert done.returncode == 0, done.stderr
    assert server.requests == []


def test_publish_fetches_first_within_its_deadline_and_shows_the_replies(
    project, server
):
    tasks_file = project / "tasks.py"
    tasks_file.write_text(
        tasks_file.read_text().replace(
            '"publish_comments_deadline": 30', '"publish_comments_deadline": 2'
        )
    )
    server.routes[THREAD] = Route(behaviour="hang")
    done = run_task(project, "publish")
    assert done.returncode == 0, done.stderr
    assert "FAILED   bluesky stairs-again" in done.stdout
    assert "fetched  mastodon stairs-again: 1 new" in done.stdout
    page = next((project / "output").rglob("stairs-again/index.html")).read_text()
    assert "From Mastodon" in page


def test_a_file_edited_by_hand_is_named_and_kept(project, server, capsys):
    tasks.fetch_comments(Context())
    (path,) = (project / "content" / "comments").glob("*/mastodon-*.md")
    path.write_text(path.read_text().replace("From Mastodon", "Fixed by me"))
    server.routes[CONTEXT] = json_route(context(), etag='"v2"')  # deleted there
    tasks.fetch_comments(Context())
    out = capsys.readouterr().out
    shown = path.relative_to(project)
    assert f"      {shown}: gone from its source; edited by hand" in out
    assert "Fixed by me" in path.read_text()


def test_fetched_replies_wait_in_comments_pending_until_approved(
    project, server, capsys
):
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text() + "COMMENTS['auto_approve'] = []\n")
    tasks.fetch_comments(Context())
    tasks.comments_pending(Context())
    out = capsys.readouterr().out
    assert "comments-pending: 2 pending" in out
    (path,) = (project / "content" / "comments").glob("*/bluesky-*.md")
    tasks.approve_comment(Context(), path.stem)
    assert "status: approved" in path.read_text()
    tasks.comments_pending(Context())
    assert "comments-pending: 1 pending" in capsys.readouterr().out
