"""Atomic writes: a reader sees the old file or the new one, never half of either."""

import os
import shutil
import tempfile
from pathlib import Path

from .signals import output_written


def _write_temp(path, data, durable=True):
    """Write ``data`` to a temporary file beside ``path``; return its path.

    ``durable`` syncs it to disk first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        if path.exists():
            shutil.copymode(path, temp)
        else:
            os.chmod(temp, 0o644)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def write_atomic(path, data, *, durable=True):
    """Replace ``path`` with text or bytes through a temporary file and a rename.

    If anything fails the temporary file is removed and the original stays.
    ``durable=False`` skips the sync to disk: still all-or-nothing for a
    reader, for generated files that a crash would only mean building again.
    """
    path = Path(path)
    temp = _write_temp(path, data, durable)
    try:
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_output(path, data):
    """A build's output file: replaced atomically, unless it already holds
    exactly ``data`` (a build that makes it again leaves it, and its time,
    alone). Not synced to disk: a crash means building again. Either way
    ``signals.output_written`` says so. True if written.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    output_written.send(os.fspath(path))
    try:
        if path.stat().st_size == len(raw) and path.read_bytes() == raw:
            return False
    except OSError:
        pass  # not there yet (or unreadable): write it
    write_atomic(path, raw, durable=False)
    return True


def create_exclusive(path, data):
    """Write a new file atomically; raise FileExistsError if it exists."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; nothing was written")
    temp = _write_temp(path, data)
    try:
        os.link(temp, path)  # atomic, and fails if the path exists
    except FileExistsError:
        raise FileExistsError(f"{path} already exists; nothing was written") from None
    finally:
        Path(temp).unlink(missing_ok=True)


def create_all_exclusive(files):
    """Write many new files, each all or nothing, with one sync to disk.

    ``files`` are ``(path, text or bytes)``. Each is written to a temporary
    file beside its path; once all are, one ``os.sync()`` makes them durable,
    and only then does each get its name (a hard link, which fails if the
    name exists). So a crash leaves whole files or none, as
    ``create_exclusive`` does, at the cost of one sync instead of one a file.
    Returns, for each, True if it was created, False if it already existed.
    """
    temps = []
    try:
        for name, data in files:
            path = Path(name)
            temps.append(
                (path, None if path.exists() else _write_temp(path, data, False))
            )
        if any(temp is not None for _path, temp in temps):
            os.sync()  # the whole system's: not for nothing written
        created = []
        for path, temp in temps:
            try:
                if temp is not None:
                    os.link(temp, path)
                    created.append(True)
                    continue
            except FileExistsError:
                pass
            created.append(False)
        return created
    finally:
        for _path, temp in temps:
            if temp is not None:
                Path(temp).unlink(missing_ok=True)


def replace_tree(new, target):
    """Swap folder ``new`` into place at ``target``; the old one is removed."""
    new, target = Path(new), Path(target)
    old = _old_tree(target)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def recover_tree(target):
    """Tidy up after a ``replace_tree`` of ``target`` that was killed.

    Killed between its two renames, it left no ``target`` and the whole old
    tree beside it: that goes back. Killed later, the old tree was only
    waiting to be removed.
    """
    target = Path(target)
    old = _old_tree(target)
    if not old.is_dir() or old.is_symlink():
        return
    if target.exists() or target.is_symlink():
        shutil.rmtree(old)
    else:
        os.replace(old, target)


def _old_tree(target):
    return target.with_name(f".{target.name}.old")
