"""Caches keyed by exactly their inputs, so that they can never show stale data.

Everything a build keeps between builds lives in one folder per version of
the journal's own code and of the site's settings: ``CACHE_PATH/<digest>/``,
the digest a hash of every ``plugins/**/*.py``, of the versions of the
libraries that shape the output, and of the settings. A build with other code
or other settings finds a folder of its own, and nothing cached by another
can reach it; the folders of earlier versions are removed, the newest few
kept (a development and a production build take turns).

Inside it, ``Entries`` keeps values in files named by the hash of their
inputs, and a ``Manifest`` which output files hold what a key made (so that
a page or a feed already in the output is not made again). Each file
starts with a header the reader checks (magic, key, length, CRC-32 of the
value): a missing, truncated, corrupt or foreign file
is a miss, and its value is made and written again. Files are written
atomically; entries a build did not use are removed at its end.
"""

import hashlib
import json
import os
import shutil
import sys
import time
import zlib
from functools import cache
from importlib import metadata
from pathlib import Path

from .files import write_atomic

PLUGINS = Path(__file__).resolve().parent.parent
# Libraries whose version can change what a build writes.
LIBRARIES = (
    *("pelican", "Jinja2", "MarkupSafe", "Markdown", "markdown-it-py", "nh3"),
    *("feedgenerator", "python-frontmatter", "PyYAML", "feedparser"),
)
# Settings that name where a build writes, not what: publish builds into a
# fresh folder each time, and must find the same cache.
NOT_INPUTS = ("OUTPUT_PATH", "CACHE_PATH", "JOURNAL_CACHE_FOLDER")
FOLDER_SETTING = "JOURNAL_CACHE_FOLDER"
KEEP = 3  # folders of other versions kept: development and production builds
MAGIC = b"journal-cache 1"


@cache
def code_version():
    """A hash of the journal's code and the libraries that shape its output."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        digest.update(f"\0{name}={_version(name)}".encode())
    for path in sorted(PLUGINS.rglob("*.py")):
        digest.update(b"\0" + path.relative_to(PLUGINS).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def settings_digest(settings):
    """A hash of the settings' values, in a form stable across processes."""
    values = {k: v for k, v in settings.items() if k not in NOT_INPUTS}
    text = json.dumps(_stable(values), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _stable(value):
    """``value`` as JSON can write it, the same in every run: mappings as
    sorted pairs, sets sorted, anything else (a function) by its name."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return sorted([str(k), _stable(v)] for k, v in value.items())
    if isinstance(value, set | frozenset):
        return sorted((_stable(item) for item in value), key=repr)
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    name = getattr(value, "__qualname__", type(value).__qualname__)
    return f"{getattr(value, '__module__', type(value).__module__)}.{name}"


def set_up(settings):
    """Give this build its cache folder (in ``settings[FOLDER_SETTING]``),
    point Pelican's content cache into it, and remove old versions' folders.

    Once per build: settings that have their folder keep it.
    """
    if settings.get(FOLDER_SETTING):
        return Path(settings[FOLDER_SETTING])
    root = Path(settings["CACHE_PATH"])
    digest = hashlib.sha256(
        f"{code_version()}\0{settings_digest(settings)}".encode()
    ).hexdigest()[:32]
    folder = root / digest
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)  # the newest folder is the one in use
    settings[FOLDER_SETTING] = str(folder)
    settings["CACHE_PATH"] = str(folder / "pelican")
    _remove_old(root, folder)
    return folder


def _remove_old(root, current):
    """Old versions' folders beyond the newest ``KEEP``; never anything else."""
    others = [
        path
        for path in root.iterdir()
        if path != current and path.is_dir() and _is_digest(path.name)
    ]
    others.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for path in others[KEEP:]:
        shutil.rmtree(path, ignore_errors=True)


def _is_digest(name):
    return len(name) == 32 and all(char in "0123456789abcdef" for char in name)


def key(*parts):
    """The hash of ``parts`` (text or bytes), each kept apart from the next."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class Entries:
    """Values of one kind (``name``) in this build's cache folder.

    Without a cache folder (the cache plugin is not on) nothing is kept.
    """

    def __init__(self, settings, name):
        folder = settings.get(FOLDER_SETTING)
        self.folder = Path(folder) / name if folder else None
        self.used = set()
        self.hits = self.misses = 0

    def get(self, entry_key):
        """The value kept for ``entry_key`` (bytes), or None."""
        if self.folder is None:
            return None
        self.used.add(entry_key)
        try:
            data = (self.folder / entry_key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        value = _checked(data, entry_key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, entry_key, value):
        """Keep ``value`` (bytes) for ``entry_key``."""
        if self.folder is None:
            return
        self.used.add(entry_key)
        header = b"%s %s %d %d\n" % (
            MAGIC,
            entry_key.encode(),
            len(value),
            zlib.crc32(value),
        )
        write_atomic(self.folder / entry_key, header + value, durable=False)

    def retain(self, entry_key):
        """Keep the entry ``entry_key`` (if there is one) past this build,
        unread: a value this build did not need, and the next one may."""
        self.used.add(entry_key)

    def prune(self):
        """Remove the entries this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used and not path.name.startswith("."):
                path.unlink(missing_ok=True)


def _checked(data, entry_key):
    """The value in a cache file's bytes, or None unless its header holds."""
    header, newline, value = data.partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 5 or b" ".join(parts[:2]) != MAGIC:
        return None
    if parts[2] != entry_key.encode():
        return None
    try:
        length, crc = int(parts[3]), int(parts[4])
    except ValueError:
        return None
    if len(value) != length or zlib.crc32(value) != crc:
        return None
    return value


RACY_NS = 1_000_000_000  # a file changed this close before its record was kept


def stamp(path):
    """A file's size, modification and change times (ns) and inode; [] if
    gone. Any write to the file changes its change time, which nobody sets."""
    try:
        info = os.stat(path)
    except OSError:
        return []
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def unchanged_since(kept, now, written):
    """Whether a file whose stamp was ``kept`` when its record was written (at
    ``written``, ns) is unchanged, stamped ``now``: only if the stamps agree
    and it was not changed in the second before (then, on a file system that
    keeps times to the second, a change could leave them agreeing: "racily
    clean", as git says)."""
    changed = max(kept[1:3], default=written) if kept else written
    return bool(now) and now == kept and changed < written - RACY_NS


class Manifest:
    """Which output files hold what their key made, kept as one entry of
    ``entries`` named ``name``: for each key, the SHA-256 of what it made and
    the stamp of its file.

    A file holds what its key made while its stamp is the one kept, or, when
    that cannot be told (``unchanged_since``), while its bytes still hash to
    the kept SHA-256. So a rebuild does not read back every page it keeps. A
    build into a fresh folder finds no file and makes every one.
    """

    def __init__(self, entries, name):
        self.entries = entries
        self._entry = key(name)
        self._kept = None  # key -> [SHA-256, stamp], read when first asked
        self._written = 0  # when the kept manifest was written, in ns
        self._made = {}  # key -> [SHA-256, path], this build's

    def holds(self, entry_key, path):
        """Whether the file at ``path`` holds what ``entry_key`` made."""
        if self._kept is None:
            self._kept, self._written = _records(self.entries.get(self._entry))
        sha, kept = self._kept.get(entry_key, (None, []))
        if sha is None:
            return False
        if not unchanged_since(kept, stamp(path), self._written):
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                return False
            if hashlib.sha256(data).hexdigest() != sha:
                return False
        self._made[entry_key] = [sha, os.fspath(path)]
        return True

    def made(self, entry_key, data, path):
        """``entry_key`` made ``data`` (bytes), written to ``path`` this build."""
        self._made[entry_key] = [hashlib.sha256(data).hexdigest(), os.fspath(path)]

    def keep(self):
        """Keep what this build made and the stamps of its files, for the
        next build (the entry stays in use)."""
        if self.entries.folder is None:
            return
        records = {
            entry: [sha, stamp(path)] for entry, (sha, path) in self._made.items()
        }
        if records != self._kept:
            payload = {"written": time.time_ns(), "files": records}
            self.entries.put(self._entry, json.dumps(payload, sort_keys=True).encode())
        self.entries.used.add(self._entry)


def kept_dict(data, valid):
    """The JSON object kept as ``data``, with only the items whose value
    ``valid`` accepts; empty if ``data`` is None or not a JSON object."""
    try:
        kept = json.loads(data) if data is not None else {}
    except ValueError:
        return {}
    if not isinstance(kept, dict):
        return {}
    return {name: value for name, value in kept.items() if valid(value)}


def _records(data):
    """``({key: [SHA-256, stamp]}, written)`` from kept bytes; empty if they
    are not that."""
    try:
        kept = json.loads(data) if data is not None else {}
        files, written = kept["files"], int(kept["written"])
    except (ValueError, KeyError, TypeError):
        return {}, 0
    if not isinstance(files, dict):
        return {}, 0
    return {
        entry: record
        for entry, record in files.items()
        if isinstance(record, list)
        and len(record) == 2
        and isinstance(record[0], str)
        and isinstance(record[1], list)
    }, written
