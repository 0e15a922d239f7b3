"""The build's cache: one folder per code and settings, entries checked when read."""

import json
import os

import pytest
from conftest import ROOT
from pelican.settings import read_settings

from plugins.common import cache
from plugins.common.cache import FOLDER_SETTING, KEEP, Entries, Manifest, key, set_up


def settings(tmp_path, **override):
    (tmp_path / "content").mkdir(exist_ok=True)
    values = {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache")}
    return read_settings(str(ROOT / "pelicanconf.py"), override={**values, **override})


def test_the_same_code_and_settings_find_the_same_folder(tmp_path):
    first, second = settings(tmp_path), settings(tmp_path)
    assert set_up(first) == set_up(second)
    assert first["CACHE_PATH"] == str(set_up(second) / "pelican")
    assert first[FOLDER_SETTING] == second[FOLDER_SETTING]


def test_where_a_build_writes_is_no_input(tmp_path):
    dev = settings(tmp_path, OUTPUT_PATH=str(tmp_path / "output"))
    staging = settings(tmp_path, OUTPUT_PATH=str(tmp_path / ".output.new-x1"))
    assert set_up(dev) == set_up(staging)


def test_other_settings_or_other_code_find_another_folder(tmp_path, monkeypatch):
    base = set_up(settings(tmp_path))
    assert set_up(settings(tmp_path, SITENAME="Another journal")) != base
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert set_up(settings(tmp_path)) != base


def test_old_versions_folders_go_but_the_newest_few_and_other_files(tmp_path):
    root = tmp_path / "cache"
    for number in range(KEEP + 3):
        set_up(settings(tmp_path, SITENAME=f"Journal {number}"))
        newest = sorted(root.iterdir(), key=lambda p: p.stat().st_mtime)[-1]
        os.utime(newest, (number, number))  # as old as its place in line
    (root / "blogroll").mkdir()  # not a version's folder: never touched
    current = set_up(settings(tmp_path))
    kept = sorted(p.name for p in root.iterdir())
    assert len(kept) == KEEP + 2  # the newest KEEP, the current one, the blogroll
    assert current.name in kept and "blogroll" in kept


@pytest.fixture
def entries(tmp_path):
    values = settings(tmp_path)
    set_up(values)
    return Entries(values, "things")


def test_an_entry_comes_back_as_it_was_put(entries):
    entries.put(key("a", 1), b"value\nwith lines")
    assert entries.get(key("a", 1)) == b"value\nwith lines"
    assert entries.get(key("a", 2)) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-3],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"garbage",  # foreign
        lambda data: data.replace(b"journal-cache 1", b"journal-cache 9"),
        lambda data: b"",
    ],
    ids=["truncated", "bit-flipped", "foreign", "other-format", "empty"],
)
def test_a_damaged_entry_is_never_used_and_is_made_again(entries, damage):
    entry = key("chart", "x")
    entries.put(entry, b"the chart as drawn")
    path = entries.folder / entry
    path.write_bytes(damage(path.read_bytes()))
    assert entries.get(entry) is None
    entries.put(entry, b"the chart as drawn")
    assert entries.get(entry) == b"the chart as drawn"


def test_an_entry_under_another_key_is_not_this_one(entries):
    first, second = key("one"), key("two")
    entries.put(first, b"first")
    (entries.folder / second).write_bytes((entries.folder / first).read_bytes())
    assert entries.get(second) is None


def test_unused_entries_go_at_the_end_of_a_build(tmp_path):
    values = settings(tmp_path)
    set_up(values)
    earlier = Entries(values, "things")
    earlier.put(key("kept"), b"1")
    earlier.put(key("dropped"), b"2")
    later = Entries(values, "things")
    assert later.get(key("kept")) == b"1"
    later.prune()
    assert sorted(p.name for p in later.folder.iterdir()) == [key("kept")]


def test_an_entry_retained_unread_stays(tmp_path):
    values = settings(tmp_path)
    set_up(values)
    Entries(values, "things").put(key("drawn"), b"1")
    later = Entries(values, "things")
    later.retain(key("drawn"))
    later.prune()
    assert Entries(values, "things").get(key("drawn")) == b"1"


def test_without_the_cache_plugin_nothing_is_kept(tmp_path):
    entries = Entries(settings(tmp_path), "things")
    entries.put(key("a"), b"1")
    assert entries.get(key("a")) is None
    assert not (tmp_path / "cache").exists()


def made_and_kept(entries, output, data=b"<p>the page</p>", later=True):
    """A build that made ``output`` from the key ``page`` and kept that; the
    next build's ``Manifest`` (``later``: well after, so no file is racy)."""
    output.write_bytes(data)
    made = Manifest(entries, "pages")
    made.made(key("page"), data, output)
    made.keep()
    if later:
        written = json.loads(entries.get(key("pages")))
        written["written"] += 10 * cache.RACY_NS
        entries.put(key("pages"), json.dumps(written).encode())
    return Manifest(
        Entries({FOLDER_SETTING: str(entries.folder.parent)}, "things"), "pages"
    )


def test_a_file_with_the_stamp_kept_holds_what_its_key_made_unread(
    entries, tmp_path, monkeypatch
):
    later = made_and_kept(entries, tmp_path / "page.html")
    monkeypatch.setattr(cache, "open", None, raising=False)  # reading would fail
    assert later.holds(key("page"), tmp_path / "page.html")
    assert not later.holds(key("other page"), tmp_path / "page.html")


@pytest.mark.parametrize(
    "change",
    [
        lambda path: path.write_bytes(b"<p>the page, edited by hand</p>"),
        lambda path: path.write_bytes(b"<p>the PAGE</p>"),  # the same size
        lambda path: path.unlink(),
        lambda path: path.write_bytes(b""),
    ],
    ids=["edited", "same-size", "removed", "emptied"],
)
def test_a_file_changed_since_holds_it_no_more(entries, tmp_path, change):
    later = made_and_kept(entries, tmp_path / "page.html")
    change(tmp_path / "page.html")
    assert not later.holds(key("page"), tmp_path / "page.html")


def test_a_file_rewritten_with_the_same_bytes_is_hashed_and_holds(entries, tmp_path):
    later = made_and_kept(entries, tmp_path / "page.html")
    (tmp_path / "page.html").write_bytes(b"<p>the page</p>")
    assert later.holds(key("page"), tmp_path / "page.html")


def test_a_file_changed_in_the_second_its_stamp_was_kept_is_hashed(
    entries, tmp_path, monkeypatch
):
    """On a file system that keeps times to the second, a change in that
    second keeps the size and times."""
    real = cache.stamp

    def in_seconds(path):
        size, mtime, ctime, inode = real(path) or [0, 0, 0, 0]
        return [size, mtime // 10**9 * 10**9, ctime // 10**9 * 10**9, inode]

    monkeypatch.setattr(cache, "stamp", in_seconds)
    later = made_and_kept(entries, tmp_path / "page.html", later=False)
    (tmp_path / "page.html").write_bytes(b"<p>the PAGE</p>")
    assert not later.holds(key("page"), tmp_path / "page.html")


@pytest.mark.parametrize(
    "kept",
    [b"not json", b"[1, 2]", b'{"k": 3}', b'{"written": 1, "files": {"k": [1, 2]}}'],
)
def test_a_manifest_that_is_not_one_keeps_nothing(entries, tmp_path, kept):
    (tmp_path / "page.html").write_bytes(b"x")
    entries.put(key("pages"), kept)
    assert not Manifest(entries, "pages").holds("k", tmp_path / "page.html")


def test_keys_keep_their_parts_apart():
    assert key("ab", "c") != key("a", "bc")
    assert key("a") == key(b"a")
