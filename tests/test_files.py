"""Atomic writes: a failure leaves what was there, whole."""

import os

import pytest

from plugins.common.files import create_exclusive, replace_tree, write_atomic


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
