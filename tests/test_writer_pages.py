"""Views of what templates use: every value that can change a page changes its key."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2
import pytest

from plugins.writer.pages import Viewer


class Thing:
    def __init__(self, **values):
        self.__dict__.update(values)


@dataclass
class Point:
    x: int
    y: int


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("a", "b"),
        (1, "1"),
        (1, 1.0),
        (None, "None"),
        ([1, 2], [2, 1]),
        ({"a": 1}, {"a": 2}),
        ({"a", "b"}, {"a", "c"}),
        (Point(1, 2), Point(2, 1)),
        (Thing(title="A", tags=["x"]), Thing(title="A", tags=["y"])),
        (Thing(inner=Thing(deep="1")), Thing(inner=Thing(deep="2"))),
        (date(2026, 3, 1), date(2026, 3, 2)),
        (Path("/a"), Path("/b")),
        (("ab", "c"), ("a", "bc")),
    ],
)
def test_values_that_differ_have_different_views(first, second):
    assert Viewer().view(first) != Viewer().view(second)


def test_equal_values_have_the_same_view_in_any_run():
    one = Thing(title="A", tags={"b", "a", "c"}, when=date(2026, 1, 1))
    two = Thing(title="A", tags={"c", "a", "b"}, when=date(2026, 1, 1))
    assert Viewer().view(one) == Viewer().view(two)


def test_a_cycle_is_viewed_without_end():
    first = Thing(name="a")
    first.me = first
    assert Viewer().view(first) == Viewer().view(first)


def test_a_cached_property_is_not_part_of_the_view():
    from functools import cached_property

    class Late:
        def __init__(self):
            self.value = 1

        @cached_property
        def derived(self):
            return self.value * 2

    asked = Late()
    assert asked.derived == 2
    assert Viewer().view(asked) == Viewer().view(Late())


def test_an_object_freed_in_a_write_never_lends_its_view_to_a_new_one():
    viewer = Viewer()
    views = set()
    for number in range(50):  # new objects, often at a freed one's address
        views.add(viewer.view(Thing(n=number)))
    assert len(views) == 50


def test_functions_are_viewed_by_their_name():
    env = jinja2.Environment()
    assert Viewer().view(env.filters["upper"]) == Viewer().view(env.filters["upper"])
    assert Viewer().view(env.filters["upper"]) != Viewer().view(env.filters["lower"])


class Keyed:
    """A value that says what its view is, whatever else it holds."""

    def __init__(self, view, extra):
        self.view, self.extra = view, extra

    def view_key(self):
        return self.view


def test_a_value_with_a_view_key_is_viewed_by_it_alone():
    assert Viewer().view(Keyed(b"a", [1, 2])) == Viewer().view(Keyed(b"a", {"x"}))
    assert Viewer().view(Keyed(b"a", 1)) != Viewer().view(Keyed(b"b", 1))
    assert Viewer().view([Keyed(b"a", 1)]) != Viewer().view([b"a"])
