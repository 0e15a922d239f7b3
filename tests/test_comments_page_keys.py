"""A post's comments as the page cache sees them: by everything shown, once."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from plugins.comments.site import PostRef, aggregate, settings
from plugins.comments.store import Comment
from plugins.writer.pages import Viewer

POST = PostRef("counting", "Counting", "2026/03/01/counting/")
START = datetime(2026, 3, 1, 9, tzinfo=UTC)


def comment(number, replyto=None, body="Same here."):
    return Comment(
        id=f"c{number}",
        post=POST.slug,
        author=f"Reader {number}",
        date=START + timedelta(minutes=number),
        body=body,
        status="approved",
        replyto=replyto,
        path=f"comments/counting/c{number}.md",
    )


def key_of(comments, **overrides):
    config, _problems = settings(overrides)
    site = aggregate([POST], comments, config, writer="Maya", tz=UTC)
    return Viewer().view(site.by_post[POST.slug])


def test_the_same_comments_give_the_same_key():
    comments = [comment(1), comment(2, "c1"), comment(3)]
    assert key_of(comments) == key_of(list(comments))


def test_a_body_a_name_a_thread_a_setting_changes_the_key():
    comments = [comment(1), comment(2, "c1"), comment(3, "c2")]
    base = key_of(comments)
    edited = [comments[0], replace(comments[1], body="Not here."), comments[2]]
    renamed = [comments[0], replace(comments[1], author="Someone"), comments[2]]
    moved = [comments[0], comments[1], replace(comments[2], replyto="c1")]
    keys = [
        key_of(edited),
        key_of(renamed),
        key_of(moved),
        key_of(comments, display_depth=1),
        key_of(comments, email="answers@example.org"),
    ]
    assert base not in keys and len(set(keys)) == len(keys)


def test_a_reply_chain_deeper_than_python_recurses_has_a_key():
    comments = [comment(0)] + [comment(n, f"c{n - 1}") for n in range(1, 3000)]
    assert len(key_of(comments)) == 32
