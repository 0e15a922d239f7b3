"""Atomic writes: a failure leaves what was there, whole."""

import os

import pytest

from plugins.common.files import (
    create_all_exclusive,
    create_exclusive,
    recover_tree,
    replace_tree,
    write_atomic,
)


def test_write_atomic_replaces_whole_and_keeps_the_mode(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("old")
    path.chmod(0o600)
    write_atomic(path, "new text")
    assert path.read_text() == "new text"
    assert path.stat().st_mode & 0o777 == 0o600
    assert os.listdir(tmp_path) == ["post.md"]


def test_write_atomic_failure_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    path.write_text("old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["post.md"]


def test_create_exclusive_never_overwrites(tmp_path):
    path = tmp_path / "a" / "new.md"
    create_exclusive(path, "first")
    with pytest.raises(FileExistsError, match="already exists"):
        create_exclusive(path, "second")
    assert path.read_text() == "first"
    assert os.listdir(path.parent) == ["new.md"]


def test_replace_tree_swaps_folders_and_removes_the_old(tmp_path):
    target, new = tmp_path / "output", tmp_path / "staging"
    target.mkdir()
    (target / "old.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    replace_tree(new, target)
    assert os.listdir(target) == ["index.html"]
    assert sorted(os.listdir(tmp_path)) == ["output"]


def test_replace_tree_into_a_new_place(tmp_path):
    new = tmp_path / "staging"
    new.mkdir()
    replace_tree(new, tmp_path / "output")
    assert sorted(os.listdir(tmp_path)) == ["output"]


def swap_killed_after(renames, tmp_path, monkeypatch):
    """A replace_tree of output/ killed after ``renames`` of its two renames."""
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("old site")
    (tmp_path / "staging").mkdir()
    (tmp_path / "staging" / "index.html").write_text("new site")
    done, real = [], os.replace

    def replace(source, destination):
        if len(done) == renames:
            raise KeyboardInterrupt  # stands for the kill
        done.append(real(source, destination))

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        replace_tree(tmp_path / "staging", tmp_path / "output")
    monkeypatch.undo()


def test_recover_tree_puts_the_old_tree_back_after_a_swap_killed_half_way(
    tmp_path, monkeypatch
):
    swap_killed_after(1, tmp_path, monkeypatch)
    assert not (tmp_path / "output").exists()
    recover_tree(tmp_path / "output")
    assert (tmp_path / "output" / "index.html").read_text() == "old site"
    assert sorted(os.listdir(tmp_path)) == ["output", "staging"]


def test_recover_tree_removes_an_old_tree_a_finished_swap_left(tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / ".output.old").mkdir()
    recover_tree(tmp_path / "output")
    recover_tree(tmp_path / "output")  # nothing to do
    assert sorted(os.listdir(tmp_path)) == ["output"]


def test_create_all_exclusive_writes_new_files_only_after_one_sync(
    tmp_path, monkeypatch
):
    kept = tmp_path / "a" / "kept.md"
    kept.parent.mkdir()
    kept.write_text("the writer's")
    synced = []

    def sync():  # no name may exist yet, only the temporary files
        synced.append(sorted(p.name for p in tmp_path.rglob("*.md")))

    monkeypatch.setattr(os, "sync", sync)
    files = [
        (kept, "imported"),
        (tmp_path / "a" / "new.md", "new"),
        (tmp_path / "b" / "x.md", b"x"),
    ]
    assert create_all_exclusive(files) == [False, True, True]
    assert synced == [["kept.md"]]
    assert kept.read_text() == "the writer's"
    assert (tmp_path / "a" / "new.md").read_text() == "new"
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "a",
        "b",
        "kept.md",
        "new.md",
        "x.md",
    ]


def test_create_all_exclusive_syncs_nothing_when_every_file_exists(
    tmp_path, monkeypatch
):
    kept = tmp_path / "kept.md"
    kept.write_text("the writer's")
    synced = []
    monkeypatch.setattr(os, "sync", lambda: synced.append(True))
    assert create_all_exclusive([(kept, "again")]) == [False]
    assert create_all_exclusive([]) == []
    assert synced == []


def test_create_all_exclusive_leaves_no_temporary_file_when_it_fails(
    tmp_path, monkeypatch
):
    def fail():
        raise OSError("disk gone")

    monkeypatch.setattr(os, "sync", fail)
    with pytest.raises(OSError, match="disk gone"):
        create_all_exclusive([(tmp_path / "one.md", "1"), (tmp_path / "two.md", "2")])
    assert list(tmp_path.iterdir()) == []
