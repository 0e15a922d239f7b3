"""The comment store: reading, validating, writing and approving comment files."""

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES

from plugins.comments.store import (
    ApproveError,
    Comment,
    NotStorable,
    approve,
    approve_text,
    comment_text,
    fetched,
    parse_comment,
    read_store,
    untouched,
    validate_store,
    write_new,
)

LONDON = ZoneInfo("Europe/London")
COMMENTS = FIXTURES / "comments"
INVALID = sorted((COMMENTS / "invalid").glob("*.md"))
EXPECT = re.compile(r"# Expect: (\d+): ([a-z_ ]+)")


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_a_bad_comment_is_reported_with_its_line_and_field(path):
    text = path.read_text(encoding="utf-8")
    line, field = EXPECT.search(text).groups()
    comment, problems = parse_comment(text, str(path), "stairs-again", LONDON)
    assert comment is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.line, p.field) for p in errors] == [(int(line), field.strip())]
    assert str(errors[0]).startswith(f"{path}:{line}: {field.strip()}: ")


def test_a_comment_reads_with_every_field():
    text = (
        '---\nid: c1\nauthor: "Sam"\ndate: 2026-03-15 10:00\nurl: https://s.example/\n'
        "replyto: c0\nstatus: approved\nsource: file\nemail: sam@example.org\n"
        "author_is_writer: true\nmood: odd\n---\nHello.\n"
    )
    comment, problems = parse_comment(text, "x/c1.md", "post", LONDON)
    assert comment.date == datetime(2026, 3, 15, 10, 0, tzinfo=LONDON)
    assert (comment.url, comment.replyto, comment.email) == (
        "https://s.example/",
        "c0",
        "sam@example.org",
    )
    assert comment.author_is_writer is True
    assert comment.body == "Hello."
    assert [(p.field, p.severity) for p in problems] == [("mood", "warning")]


def test_a_written_comment_reads_back_the_same():
    comment = Comment(
        id="wp-7",
        post="stairs-again",
        author='Tricky "name": yes # no',
        date=datetime(2026, 3, 15, 9, 0, tzinfo=UTC),
        body="Line one.\n\nLine two: *emphasis*.",
        status="pending",
        source="wxr",
        url="https://t.example/?a=1&b=2",
        replyto="wp-3",
        path="x/wp-7.md",
    )
    text = comment_text(comment)
    again, problems = parse_comment(text, "x/wp-7.md", "stairs-again", LONDON)
    assert problems == []
    assert again == comment.__class__(**{**comment.__dict__, "line": 2})
    assert "email" not in text


def test_a_new_comment_never_replaces_a_stored_one(tmp_path):
    comment = Comment("c1", "post", "A", datetime(2026, 1, 1, tzinfo=UTC), "One.")
    path = write_new(tmp_path, comment)
    with pytest.raises(FileExistsError):
        write_new(tmp_path, comment.__class__(**{**comment.__dict__, "body": "Two"}))
    assert path.read_text().endswith("One.\n")


def a_comment(**changes):
    values = {
        "id": "c1",
        "post": "stairs-again",
        "author": "A",
        "date": datetime(2026, 1, 1, tzinfo=UTC),
        "body": "One.",
    }
    return Comment(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"post": "../../../x"}, "unsafe post slug"),
        ({"post": ".."}, "unsafe post slug"),
        ({"post": "a/b"}, "unsafe post slug"),
        ({"post": "a\\b"}, "unsafe post slug"),
        ({"post": "a\x00b"}, "unsafe post slug"),
        ({"post": "x" * 151}, "unsafe post slug"),
        ({"id": "../c1"}, "bad id"),
        ({"id": "C1"}, "bad id"),
        ({"id": "c1\n"}, "bad id"),
        ({"id": "wp-" + "7" * 300}, "bad id"),
        ({"replyto": "c0\nstatus: approved"}, "bad replyto"),
        ({"body": "\U0001f600" * 70_000}, "too long"),  # 280 KB: the reader's cap
        ({"author": "   "}, "does not read back"),
        ({"body": "a\udc80b"}, "does not read back"),  # no UTF-8 for it
        ({"date": datetime(2026, 1, 1)}, "does not read back"),  # no zone
        ({"status": "approved\nsource: file"}, "does not read back"),
    ],
)
def test_a_comment_the_reader_would_refuse_is_never_written(tmp_path, changes, reason):
    store = tmp_path / "journal" / "content" / "comments"
    store.mkdir(parents=True)
    with pytest.raises(NotStorable) as refused:
        write_new(store, a_comment(**changes))
    assert refused.value.reason == reason
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_post_folder_that_links_out_of_the_store_is_refused(tmp_path):
    store, elsewhere = tmp_path / "comments", tmp_path / "elsewhere"
    store.mkdir()
    elsewhere.mkdir()
    (store / "stairs-again").symlink_to(elsewhere)
    with pytest.raises(NotStorable, match="outside the store"):
        write_new(store, a_comment())
    assert list(elsewhere.iterdir()) == []


def test_the_store_is_checked_across_files():
    comments, problems = read_store(COMMENTS / "store", LONDON)
    assert problems == []
    found = validate_store(comments, {"stairs-again", "cold-floors"})
    shown = sorted(
        (Path(p.path).parent.name + "/" + Path(p.path).name, p.field, p.message)
        for p in found
    )
    assert shown == [
        ("gone-post/c-lost.md", "post", "no post with the slug 'gone-post'"),
        ("stairs-again/c-orphan.md", "replyto", "no comment 'c-deleted' on this post"),
        (
            "stairs-again/c-root.md",
            "id",
            f"also used by {COMMENTS}/store/cold-floors/c-root.md",
        ),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_approving_changes_one_word_and_nothing_else(tmp_path, newline):
    before = (
        '---\n# waiting\nid: c1\nauthor: "Sam"   # from the mbox\n'
        "date: 2026-03-15 10:00\nstatus:   pending  # approve me\nsource: email\n"
        "---\nstatus: pending stays in the body.\n"
    ).replace("\n", newline)
    path = tmp_path / "post" / "c1.md"
    path.parent.mkdir()
    path.write_bytes(before.encode())
    assert approve(tmp_path, "c1", LONDON) == path
    after = path.read_bytes().decode()
    assert after == before.replace("status:   pending", "status:   approved", 1)
    with pytest.raises(ApproveError, match="already approved"):
        approve(tmp_path, "c1", LONDON)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "no front matter"),
        ("---\nid: x\n---\nstatus: pending\n", "no 'status:' line"),
    ],
)
def test_approving_refuses_what_it_cannot_read(text, message):
    with pytest.raises(ApproveError, match=message):
        approve_text(text)


def test_approving_an_unknown_id_fails(tmp_path):
    shutil.copytree(COMMENTS / "store", tmp_path / "store")
    with pytest.raises(ApproveError, match="no comment with the id"):
        approve(tmp_path / "store", "../c-root", LONDON)


def social_reply():
    return Comment(
        id="mastodon-0123456789abcdef",
        post="stairs-again",
        author="Kit",
        date=datetime(2026, 3, 15, 9, 0, tzinfo=UTC),
        body="<p>status: not a field, in the body</p>",
        status="pending",
        source="mastodon",
        url="https://mastodon.example/@kit",
        source_url="https://mastodon.example/@kit/1099",
        format="html",
    )


def test_a_fetched_reply_reads_back_with_its_hash():
    text = comment_text(fetched(social_reply()))
    path = "x/mastodon-0123456789abcdef.md"
    again, problems = parse_comment(text, path, "stairs-again", LONDON)
    assert problems == []
    assert again.source_url == "https://mastodon.example/@kit/1099"
    assert re.fullmatch("[0-9a-f]{64}", again.fetch_hash)
    assert untouched(text)


def test_approving_a_fetched_reply_is_not_an_edit():
    assert untouched(approve_text(comment_text(fetched(social_reply()))))


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("not a field", "edited"),  # the body
        lambda text: text.replace('"Kit"', '"Kit Reed"'),  # a field
        lambda text: text.replace("status: pending", "status: pending\nurl: x"),
        lambda text: re.sub(r"fetch_hash: .*\n", "", text),  # the hash taken out
        lambda text: text.replace("\n---\n<p>", '\nfetch_hash: "0"\n---\n<p>'),
        lambda text: text.replace("\n", "\r\n"),
    ],
    ids=["body", "field", "new line", "no hash", "two hashes", "line ends"],
)
def test_any_other_change_to_a_fetched_reply_is_an_edit(edit):
    assert not untouched(edit(comment_text(fetched(social_reply()))))
