"""The comment tasks: import-comments, comments-pending, approve-comment, check."""

import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT
from invoke import Context, Exit

import tasks

COMMENTS = FIXTURES / "comments"


@pytest.fixture
def journal(tmp_path, monkeypatch):
    """A journal with the comment fixtures' posts, and tasks.py pointed at it."""
    root = tmp_path / "journal"
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    for path in COMMENTS.glob("posts/*.md"):
        shutil.copy(path, posts)
    shutil.copy(FIXTURES / "valid" / "article_pelican_style.md", posts)
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, root)
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, root / name)
    monkeypatch.setattr(tasks, "ROOT", root)
    return root


def store_files(root):
    return sorted((root / "content" / "comments").rglob("*.md"))


def test_import_reports_and_a_second_run_adds_nothing(journal, capsys):
    source = str(COMMENTS / "wxr_nested_replies.xml")
    tasks.import_comments(Context(), source)
    first = capsys.readouterr().out
    assert first.startswith("import-comments: 11 new, 0 already present, 4 skipped")
    before = {p: p.read_bytes() for p in store_files(journal)}
    tasks.import_comments(Context(), source)
    assert "0 new, 11 already present" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in store_files(journal)} == before


def test_a_post_whose_slug_climbs_out_gets_no_comment_files(journal, capsys):
    (journal / "content" / "posts" / "climbing.md").write_text(
        "---\ntitle: Climbing out\ndate: 2026-03-14 10:00\nslug: ../../../x\n---\n"
        "Body.\n"
    )
    tasks.import_comments(Context(), str(COMMENTS / "wxr_post_slug_traversal.xml"))
    out = capsys.readouterr().out
    assert "1 new, 0 already present, 1 skipped (1 unknown post)" in out
    assert store_files(journal) == [
        journal / "content" / "comments" / "stairs-again" / "wp-80.md"
    ]
    assert list(journal.parent.rglob("wp-81.md")) == []


def test_import_of_an_unreadable_source_fails_cleanly(journal):
    with pytest.raises(Exit, match=r"mismatched tag.*nothing was written"):
        tasks.import_comments(Context(), str(COMMENTS / "wxr_malformed.xml"))
    assert store_files(journal) == []


def test_email_addresses_are_stored_only_with_the_flag(journal):
    tasks.import_comments(Context(), str(COMMENTS / "mbox_replies.mbox"))
    assert not any("@" in p.read_text() for p in store_files(journal))


def test_pending_comments_are_listed_then_approved(journal, capsys):
    tasks.import_comments(Context(), str(COMMENTS / "wxr_nested_replies.xml"))
    tasks.comments_pending(Context())
    out = capsys.readouterr().out
    assert "wp-7  2026-03-16 08:00  Eve Pending" in out
    assert "content/comments/stairs-again/wp-7.md" in out
    assert out.rstrip().endswith("comments-pending: 1 pending")
    path = journal / "content" / "comments" / "stairs-again" / "wp-7.md"
    before = path.read_text()
    tasks.approve_comment(Context(), "wp-7")
    assert path.read_text() == before.replace("status: pending", "status: approved", 1)
    tasks.comments_pending(Context())
    assert "0 pending" in capsys.readouterr().out
    with pytest.raises(Exit, match="already approved"):
        tasks.approve_comment(Context(), "wp-7")
    with pytest.raises(Exit, match="no comment with the id 'nope'"):
        tasks.approve_comment(Context(), "nope")


def test_check_reports_each_comment_problem_by_path_and_line(journal, capsys):
    shutil.copytree(COMMENTS / "store", journal / "content" / "comments")
    bad = journal / "content" / "comments" / "stairs-again" / "comment_bad_date.md"
    shutil.copy(COMMENTS / "invalid" / "comment_bad_date.md", bad)
    with pytest.raises(Exit, match="4 error"):
        tasks.check(Context())
    lines = set(capsys.readouterr().out.splitlines())
    assert {
        "content/comments/gone-post/c-lost.md:2: post: no post with the slug "
        "'gone-post'",
        "content/comments/stairs-again/c-orphan.md:2: replyto: no comment "
        "'c-deleted' on this post",
        "content/comments/stairs-again/c-root.md:2: id: also used by "
        "content/comments/cold-floors/c-root.md",
    } <= lines
    assert any(
        line.startswith("content/comments/stairs-again/comment_bad_date.md:5: date:")
        for line in lines
    )


def test_publish_refuses_a_site_that_shows_a_commenter_email(journal, tmp_path):
    tasks.import_comments(
        Context(), str(COMMENTS / "wxr_nested_replies.xml"), email=True
    )
    output = tmp_path / "built"
    output.mkdir()
    (output / "index.html").write_text("<p>write to alice.moss@example.com</p>")
    with pytest.raises(Exit, match="private text in 1 place"):
        tasks._check_privacy(output)


def test_the_tasks_run_from_the_command_line(journal):
    source = str(COMMENTS / "feed_rss_wordpress.xml")
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "import-comments", source],
        cwd=journal,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "import-comments: 2 new, 0 already present, 0 skipped"
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "approve-comment", "wp-40"],
        cwd=journal,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "already approved" in done.stderr
