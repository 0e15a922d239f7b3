"""The comment store read through the build's cache: a file read once, then known
by its stat until it changes, and always read again when that cannot be told."""

import os
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT
from pelican.settings import read_settings

from plugins.comments import cached_store
from plugins.comments.cached_store import load_store
from plugins.comments.store import read_store
from plugins.common.cache import Entries, set_up

LONDON = ZoneInfo("Europe/London")
COMMENT = (
    "---\nid: {id}\nauthor: Sam\ndate: 2026-03-01T10:00:00+00:00\n"
    "status: approved\nsource: file\n---\n{body}\n"
)


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "comments" / "a-post"
    folder.mkdir(parents=True)
    for number in range(3):
        text = COMMENT.format(id=f"c-{number}", body=f"Comment {number}.")
        (folder / f"c-{number}.md").write_text(text)
    return tmp_path / "comments"


@pytest.fixture
def entries(tmp_path):
    (tmp_path / "content").mkdir()
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "c")},
    )
    set_up(settings)
    return lambda: Entries(settings, "comments")


@pytest.fixture
def parsed(monkeypatch):
    """The files the store parses (not known from the cache)."""
    seen = []
    real = cached_store.read_comment

    def counting(data, shown, post, tz):
        seen.append(os.path.basename(shown))
        return real(data, shown, post, tz)

    monkeypatch.setattr(cached_store, "read_comment", counting)
    return seen


@pytest.fixture
def later(monkeypatch):
    """The index written well after the files were: none of them is racy."""
    real = cached_store.time.time_ns
    monkeypatch.setattr(cached_store.time, "time_ns", lambda: real() + 10**10)


def test_the_cache_gives_what_the_store_gives(store, entries):
    comments, problems = read_store(store, LONDON)
    first = load_store(store, LONDON, entries())
    again = load_store(store, LONDON, entries())
    assert first[:2] == again[:2] == (comments, problems)
    assert sorted(first[2]) == sorted(c.path for c in comments)
    assert str(again[2][comments[0].path]) == "<p>Comment 0.</p>\n"


def test_files_known_by_their_stat_are_not_read_again(store, entries, parsed, later):
    load_store(store, LONDON, entries())
    assert len(parsed) == 3
    load_store(store, LONDON, entries())
    assert len(parsed) == 3


def test_a_changed_file_is_read_again_even_with_its_size_and_time_kept(
    store, entries, parsed, later
):
    load_store(store, LONDON, entries())
    path = store / "a-post" / "c-1.md"
    before = path.stat()
    path.write_text(path.read_text().replace("Comment 1.", "Changed 1."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # ctime still moves
    html = load_store(store, LONDON, entries()).html
    assert parsed[3:] == ["c-1.md"]
    assert "Changed 1." in str(html[str(path)])


def test_a_file_rewritten_with_the_same_bytes_is_hashed_not_parsed(
    store, entries, parsed, later
):
    load_store(store, LONDON, entries())
    path = store / "a-post" / "c-2.md"
    path.write_bytes(path.read_bytes())
    load_store(store, LONDON, entries())
    assert len(parsed) == 3


def test_a_file_changed_just_before_the_index_was_written_is_read_again(
    store, entries, monkeypatch
):
    """On a file system that keeps times to the second, a file changed in
    the second the index was written keeps its size and times."""
    real = cached_store.stamp

    def in_seconds(path):
        size, mtime, ctime, inode = real(path)
        return [size, mtime // 10**9 * 10**9, ctime // 10**9 * 10**9, inode]

    monkeypatch.setattr(cached_store, "stamp", in_seconds)
    load_store(store, LONDON, entries())
    path = store / "a-post" / "c-1.md"
    path.write_text(path.read_text().replace("Comment 1.", "Changed 1."))
    html = load_store(store, LONDON, entries()).html
    assert "Changed 1." in str(html[str(path)])


def test_a_damaged_index_is_made_again_from_the_files(store, entries, parsed):
    cache = entries()
    load_store(store, LONDON, cache)
    for path in cache.folder.iterdir():
        path.write_bytes(path.read_bytes()[:-5])
    comments, problems, _html, _digests = load_store(store, LONDON, entries())
    assert (comments, problems) == read_store(store, LONDON)
    assert len(parsed) == 6


def test_removed_and_added_files_are_seen(store, entries, later):
    load_store(store, LONDON, entries())
    (store / "a-post" / "c-0.md").unlink()
    added = COMMENT.format(id="c-9", body="New.")
    (store / "a-post" / "c-9.md").write_text(added)
    comments = load_store(store, LONDON, entries()).comments
    assert sorted(c.id for c in comments) == ["c-1", "c-2", "c-9"]


def test_a_rebuild_reads_the_index_and_only_the_comments_it_shows(
    store, entries, parsed, later, monkeypatch
):
    load_store(store, LONDON, entries())
    decoded = []
    real = cached_store._decoded
    monkeypatch.setattr(
        cached_store, "_decoded", lambda value: decoded.append(value) or real(value)
    )
    again = load_store(store, LONDON, entries())
    assert [c.id for c in again.comments] == ["c-0", "c-1", "c-2"]
    assert decoded == [] and len(parsed) == 3  # outlines only, nothing parsed
    assert again.comments[1].body == "Comment 1."
    assert str(again.html[again.comments[2].path]) == "<p>Comment 2.</p>\n"
    assert len(decoded) == 2 and len(parsed) == 3
    assert again.comments == read_store(store, LONDON)[0]


@pytest.mark.parametrize("damage", ["removed", "truncated"])
def test_a_post_whose_kept_comments_are_damaged_is_read_from_its_files(
    store, entries, parsed, later, damage
):
    cache = entries()
    index = load_store(store, LONDON, cache)
    values = [p for p in cache.folder.iterdir() if b'"written"' not in p.read_bytes()]
    assert len(values) == 1  # the one post's comments
    if damage == "removed":
        values[0].unlink()
    else:
        values[0].write_bytes(values[0].read_bytes()[:-5])
    again = load_store(store, LONDON, entries())
    assert [c.body for c in again.comments] == [c.body for c in index.comments]
    assert again.comments == read_store(store, LONDON)[0]
