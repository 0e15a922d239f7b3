"""The comment store read through the build's cache; no Pelican here.

What a comment file gives (its comment or its problems, and its body's HTML)
depends on nothing but its bytes and its path: the code and the settings are
in the name of the cache folder (plugins/common/cache.py). So each file is read, parsed
and rendered once, and kept under the SHA-256 of its bytes. Not to read
20,000 files at every build either, the index also keeps each file's size,
modification and change times (nanoseconds) and inode, as git's index does:
a file whose stat is unchanged is not read again, one whose stat changed is
read and hashed, and one changed less than a second before the index was
written is always read (what git calls "racily clean").
"""

import hashlib
import json
import os
import time
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup

from plugins.common.cache import key, stamp, unchanged_since
from plugins.common.problems import Problem

from .render import render_body
from .store import Comment, comment_files, read_comment


class StoreRead(NamedTuple):
    comments: list  # store.Comment
    problems: list  # Problem
    html: dict  # path -> the body's HTML (Markup), of approved comments
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
    new, read = {}, StoreRead([], [], {}, {})
    if os.path.isdir(folder):
        for post, path in comment_files(folder):
            record = _record(old.get(path), path, post, reading)
            new[path] = record
            comment, found, body = _decoded(record[2])
            read.problems.extend(found)
            if comment is not None:
                read.comments.append(comment)
                read.digests[comment.path] = record[1]
                if body is not None:
                    read.html[comment.path] = body
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


def _record(kept, path, post, reading):
    """``[stat, sha256, what the file gives]``: kept, or read again."""
    now = stamp(path)
    if kept and unchanged_since(kept[0], now, reading.written):
        return kept
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        data = None
        reason = f"cannot be read ({error})"
    digest = hashlib.sha256(data).hexdigest() if data is not None else ""
    if kept and data is not None and kept[1] == digest:
        return [now, digest, kept[2]]
    base = reading.base
    shown = path.removeprefix(os.path.join(os.fspath(base), "")) if base else path
    if data is None:
        return [now, digest, _encoded(None, [Problem(shown, 1, "file", reason)])]
    comment, problems = read_comment(data, shown, post, reading.tz)
    return [now, digest, _encoded(comment, problems)]


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
    """``(Comment or None, [Problem], HTML or None)`` from ``_encoded``."""
    problems = [Problem(*fields) for fields in value["problems"]]
    fields = value.get("comment")
    if fields is None:
        return None, problems, None
    comment = Comment(**dict(fields, date=datetime.fromisoformat(fields["date"])))
    html = value.get("html")
    return comment, problems, None if html is None else Markup(html)
