"""Atomic writes: a reader sees the old file or the new one, never half of either."""

import os
import shutil
import tempfile
from pathlib import Path


def _write_temp(path, data, sync=True):
    """Write ``data`` to a temporary file beside ``path``; return its path.

    ``sync=False`` skips the fsync: still atomic for readers, not durable
    across a power cut; for generated files that the next build writes again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
            if sync:
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


def write_atomic(path, data, sync=True):
    """Replace ``path`` with text or bytes through a temporary file and a rename.

    If anything fails the temporary file is removed and the original stays.
    ``sync=False``: no fsync, for generated output (see ``_write_temp``).
    """
    path = Path(path)
    temp = _write_temp(path, data, sync)
    try:
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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


def replace_tree(new, target):
    """Swap folder ``new`` into place at ``target``; the old one is removed."""
    new, target = Path(new), Path(target)
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
