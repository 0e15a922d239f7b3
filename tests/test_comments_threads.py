"""Threading: nesting, the display depth, orphans, cycles; every comment once."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from plugins.comments.threads import build_threads

START = datetime(2026, 3, 1, tzinfo=UTC)


@dataclass(frozen=True)
class C:
    id: str
    replyto: str | None
    minute: int = 0
    author: str = ""

    @property
    def date(self):
        return START + timedelta(minutes=self.minute)


def chain(length):
    """c0 <- c1 <- c2 ...: each a reply to the one before."""
    return [
        C(f"c{i}", f"c{i - 1}" if i else None, minute=i, author=f"A{i}")
        for i in range(length)
    ]


def shown(roots):
    """``(id, level, in_reply_to)`` in display order."""
    rows, stack = [], list(reversed(roots))
    while stack:
        node = stack.pop()
        rows.append((node.comment.id, node.level, node.in_reply_to))
        stack.extend(reversed(node.children))
    return rows


def test_replies_nest_under_their_parents_in_date_order():
    comments = [
        C("b", None, 2),
        C("a", None, 1),
        C("a2", "a", 5),
        C("a1", "a", 3),
        C("a1x", "a1", 4),
    ]
    thread = build_threads(comments)
    assert shown(thread.roots) == [
        ("a", 1, None),
        ("a1", 2, None),
        ("a1x", 3, None),
        ("a2", 2, None),
        ("b", 1, None),
    ]
    assert thread.count == 5
    assert thread.orphans == []


def test_below_the_display_depth_replies_are_flat_and_name_their_parent():
    thread = build_threads(chain(7), max_depth=5)
    assert shown(thread.roots) == [
        ("c0", 1, None),
        ("c1", 2, None),
        ("c2", 3, None),
        ("c3", 4, None),
        ("c4", 5, None),
        ("c5", 5, "A4"),
        ("c6", 5, "A5"),
    ]


def test_a_display_depth_of_one_lists_every_comment_flat():
    comments = [*chain(3), C("x", None, 0)]
    thread = build_threads(comments, max_depth=1)
    assert shown(thread.roots) == [
        ("c0", 1, None),
        ("x", 1, None),
        ("c1", 1, "A0"),
        ("c2", 1, "A1"),
    ]


def test_orphans_and_cycles_are_shown_at_the_top_and_reported():
    comments = [
        C("root", None, 0),
        C("orphan", "deleted", 1),
        C("loop-a", "loop-b", 2),
        C("loop-b", "loop-a", 3),
        C("self", "self", 4),
    ]
    thread = build_threads(comments)
    assert shown(thread.roots) == [
        ("root", 1, None),
        ("orphan", 1, None),
        ("loop-a", 1, None),
        ("loop-b", 2, None),
        ("self", 1, None),
    ]
    assert {c.id for c in thread.orphans} == {"orphan", "loop-a", "self"}


def test_a_duplicate_id_keeps_the_first_comment():
    thread = build_threads([C("a", None, 1), C("a", None, 2)])
    assert [node.comment.minute for node in thread.roots] == [1]
    assert thread.count == 1


def test_a_very_deep_thread_does_not_recurse():
    thread = build_threads(chain(5000), max_depth=3)
    rows = shown(thread.roots)
    assert len(rows) == 5000
    assert rows[-1] == ("c4999", 3, "A4998")


@given(
    parents=st.lists(st.integers(min_value=-1, max_value=40), max_size=40),
    depth=st.integers(min_value=1, max_value=6),
)
def test_every_comment_is_shown_exactly_once(parents, depth):
    comments = [
        C(f"c{i}", f"c{p}" if p >= 0 else None, minute=(i * 7) % 13)
        for i, p in enumerate(parents)
    ]
    rows = shown(build_threads(comments, max_depth=depth).roots)
    assert sorted(row[0] for row in rows) == sorted(c.id for c in comments)
    assert all(1 <= level <= depth for _id, level, _parent in rows)
