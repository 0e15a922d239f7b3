"""The comment store read through the build's cache; no Pelican here.

What a comment file gives (its comment or its problems, and its body's HTML)
depends on nothing but its bytes and its path: the code and the settings are
in the name of the cache folder (plugins/common/cache.py). So each file is
read, parsed and rendered once, and kept under the SHA-256 of its bytes.

Not to read 20,000 files at every build either, the index keeps each file's
size, modification and change times (nanoseconds) and inode, as git's index
does: a file whose stat is unchanged is not read again, one whose stat
changed is read and hashed, and one changed less than a second before the
index was written is always read (what git calls "racily clean"). The index
also keeps what threads, counts and the newest comments need of each comment
(its id, status, kind, date); the rest (the author, the body and its HTML)
is kept apart, one entry per post, and read only for the comments a page or
a feed shows (``StoredComment``). So a rebuild reads the index, not the
comments.
"""

import hashlib
import json
import os
import time
from collections.abc import Mapping
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup

from plugins.common.cache import kept_dict, key, stamp, unchanged_since
from plugins.common.problems import Problem

from .render import render_body
from .store import Comment, comment_files, read_comment


class StoreRead(NamedTuple):
    comments: list  # store.Comment (or StoredComment, which reads like one)
    problems: list  # Problem
    html: Mapping  # path -> the body's HTML (Markup), of approved comments
    digests: dict  # path -> SHA-256 of the file's bytes: all it was read from


def load_store(folder, tz, entries, base=None):
    """The ``StoreRead`` of the store at ``folder``.

    ``entries`` is the build's ``cache.Entries`` for comments; paths are
    shown relative to ``base`` when given.
    """
    folder = os.fspath(folder)
    index_key = key("comment-store", os.path.abspath(folder), base or "", tz.key)
    old, written = _index(entries.get(index_key))
    reading = _Reading(base, tz, written)
    values = _Values(entries, index_key, reading)
    new, read = {}, StoreRead([], [], _Bodies(), {})
    if os.path.isdir(folder):
        for post, path in comment_files(folder):
            kept = old.get(path) if values.kept(post) else None
            record, fresh = _record(kept, path, post, reading)
            new[path] = record
            values.add(post, path, record[1], fresh)
            problems, outline = record[2]
            read.problems.extend(Problem(*fields) for fields in problems)
            if outline is None:
                continue
            if fresh is None:
                comment = StoredComment(post, outline, values.reader(post, path))
            else:
                comment = _decoded(fresh)[0]
            read.comments.append(comment)
            read.digests[comment.path] = record[1]
            if outline[OUTLINE.index("html")]:
                read.html.add(comment, fresh)
    values.keep()
    if new != old or not new:
        payload = {"written": time.time_ns(), "files": new}
        entries.put(index_key, json.dumps(payload, ensure_ascii=False).encode())
    return read


def _index(data):
    """``(files, when written in ns)`` of a kept index; empty if unreadable."""
    if data is None:
        return {}, 0
    try:
        payload = json.loads(data)
        return payload["files"], int(payload["written"])
    except (ValueError, KeyError, TypeError):
        return {}, 0


class _Reading(NamedTuple):
    base: str | None  # paths are shown relative to it
    tz: object
    written: int  # when the kept index was written, in ns


# What the index keeps of a comment, in this order.
OUTLINE = ("id", "status", "kind", "date", "path", "html")


def _record(kept, path, post, reading):
    """``([stat, sha256, [problems, outline]], value)``: kept (the value
    None), or read again (the value is what the file gives, ``_encoded``)."""
    now = stamp(path)
    if kept and unchanged_since(kept[0], now, reading.written):
        return kept, None
    data, value = _read(path, post, reading, kept[1] if kept else None)
    if value is None:  # the same bytes as before
        return [now, kept[1], kept[2]], None
    sha = hashlib.sha256(data).hexdigest() if data is not None else ""
    return [now, sha, [value["problems"], _outline(value)]], value


def _read(path, post, reading, known=None):
    """``(bytes, what they give)`` of the file at ``path`` (``_encoded``);
    what they give is None if they hash to ``known``."""
    base = reading.base
    shown = path.removeprefix(os.path.join(os.fspath(base), "")) if base else path
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        problem = Problem(shown, 1, "file", f"cannot be read ({error})")
        return None, _encoded(None, [problem])
    if known is not None and hashlib.sha256(data).hexdigest() == known:
        return data, None
    return data, _encoded(*read_comment(data, shown, post, reading.tz))


def _outline(value):
    comment = value.get("comment")
    if comment is None:
        return None
    return [*(comment[name] for name in OUTLINE[:-1]), "html" in value]


def _encoded(comment, problems):
    """What one file gives, as JSON can keep it; approved bodies rendered."""
    value = {"problems": [list(vars(problem).values()) for problem in problems]}
    if comment is not None:
        fields = dict(vars(comment), date=comment.date.isoformat())
        value["comment"] = fields
        if comment.status == "approved" and comment.kind == "comment":
            value["html"] = str(render_body(comment.body, comment.format))
    return value


def _decoded(value):
    """``(Comment or None, HTML or None)`` from ``_encoded``."""
    fields = value.get("comment")
    if fields is None:
        return None, None
    comment = Comment(**dict(fields, date=datetime.fromisoformat(fields["date"])))
    html = value.get("html")
    return comment, None if html is None else Markup(html)


class StoredComment:
    """A comment the index knows: its id, post, status, kind, date and path
    at hand, the rest (``Comment``'s other fields, its HTML) read from its
    post's entry the first time one is asked for."""

    def __init__(self, post, outline, read):
        self.id, self.status, self.kind, date, self.path, _html = outline
        self.date = datetime.fromisoformat(date)
        self.post = post
        self._read = read  # () -> (Comment, HTML or None)
        self._full = None

    def full(self):
        """``(Comment, HTML or None)``."""
        if self._full is None:
            self._full = self._read()
        return self._full

    def __getattr__(self, name):  # only for what __init__ did not set
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.full()[0], name)

    def __eq__(self, other):
        if isinstance(other, StoredComment):
            other = other.full()[0]
        return self.full()[0] == other

    __hash__ = None  # as Comment's


class _Bodies(Mapping):
    """Path -> HTML of the approved comments' bodies, read when asked for."""

    def __init__(self):
        self._comments = {}  # path -> (comment, HTML or None when stored)

    def add(self, comment, fresh):
        html = None if fresh is None else Markup(fresh["html"])
        self._comments[comment.path] = (comment, html)

    def __getitem__(self, path):
        comment, html = self._comments[path]
        return comment.full()[1] if html is None else html

    def __iter__(self):
        return iter(self._comments)

    def __len__(self):
        return len(self._comments)


class _Values:
    """The comments' whole values, one cache entry per post: ``{path: [sha256,
    value]}``. A post's entry is written again when one of its files was
    read; one that is gone has its files read again."""

    def __init__(self, entries, index_key, reading):
        self.entries, self._index_key, self._reading = entries, index_key, reading
        self._read = {}  # post -> {path: (sha256, value or None)}, this build's
        self._kept = {}  # post -> its entry, as read
        self._there = {}  # post -> whether its entry is there

    def _key(self, post):
        return key("comment values", self._index_key, post)

    def kept(self, post):
        """Whether the post's entry is there (if not, its files are read)."""
        if post not in self._there:
            folder = self.entries.folder
            there = folder is not None and os.path.isfile(
                os.path.join(os.fspath(folder), self._key(post))
            )
            self._there[post] = there
        return self._there[post]

    def add(self, post, path, sha, value):
        self._read.setdefault(post, {})[path] = (sha, value)

    def reader(self, post, path):
        return lambda: self._value(post, path)

    def _value(self, post, path):
        """The comment at ``path`` from its post's entry; read again from the
        file if the entry does not hold it (damaged, or another version)."""
        if post not in self._kept:
            self._kept[post] = _entry(self.entries.get(self._key(post)))
        sha = self._read[post][path][0]
        kept = self._kept[post].get(path)
        if kept is None or kept[0] != sha:
            kept = [sha, _read(path, post, self._reading)[1]]
        return _decoded(kept[1])

    def keep(self):
        """Write the entries of posts with a file read; keep the others."""
        for post, files in self._read.items():
            entry = self._key(post)
            if all(value is None for _sha, value in files.values()):
                self.entries.retain(entry)
                continue
            old = _entry(self.entries.get(entry)) if self.kept(post) else {}
            values = {
                path: [sha, value] if value is not None else old.get(path)
                for path, (sha, value) in files.items()
            }
            data = {path: kept for path, kept in values.items() if kept}
            self.entries.put(entry, json.dumps(data, ensure_ascii=False).encode())


def _entry(data):
    """A post's ``{path: [sha256, value]}``; empty if unreadable."""
    return kept_dict(
        data,
        lambda kept: (
            isinstance(kept, list) and len(kept) == 2 and isinstance(kept[1], dict)
        ),
    )
