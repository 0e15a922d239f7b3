"""The comment store: one Markdown file per comment, no Pelican here.

A comment lives at ``content/comments/<post-slug>/<id>.md``::

    ---
    id: wp-123
    author: "Sam"
    date: 2026-03-14T21:10:00+00:00
    url: "https://sam.example/"        # optional
    replyto: wp-100                    # optional, the parent's id
    status: approved                   # approved | pending | spam
    source: wxr                        # file | wxr | feed | email, or
                                       # mastodon | bluesky | webmention
    email: "sam@example.org"           # optional, never published
    author_is_writer: true             # optional, the journal's writer
    format: html                       # optional: markdown (default) | html
    kind: mention                      # optional: comment (default) | mention
    title: "Their post"                # optional, a mention's page title
    source_url: "https://..."          # optional: the reply at its source
    fetch_hash: "<sha256>"             # optional: the file as a fetch wrote it
    ---
    The comment, in Markdown (or HTML with ``format: html``).

A mention is another page that links to the post (a WordPress pingback or
trackback, a webmention): its ``url`` is that page, its ``title`` the page's
title; it is shown apart from the conversation and never counted in it.

A reply from the social web belongs to its source: ``invoke fetch-comments``
updates or removes the file it wrote, but only while the file is as it
wrote it. ``fetch_hash`` is the hash of that text without its ``status`` and
``fetch_hash`` lines (``untouched``): approving a reply is not an edit, any
other change is, and a file changed by hand is never written over again.

Reading never raises on bad content: problems come back as ``Problem``
values naming the file, the line and the field, and the comment is skipped.
"""

import hashlib
import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from plugins.common.dates import parse_date
from plugins.common.files import create_all_exclusive, create_exclusive, write_atomic
from plugins.common.front_matter import (
    FrontMatterError,
    YamlProblem,
    double_quoted,
    load,
    normalize_newlines,
    split_front_matter,
)
from plugins.common.paths import is_inside, is_safe_segment
from plugins.common.problems import Problem
from plugins.common.text import xml_safe

STATUSES = ("approved", "pending", "spam")
SOCIAL = ("mastodon", "bluesky", "webmention")  # sources that own their replies
SOURCES = ("file", "wxr", "feed", "email", *SOCIAL)
FORMATS = ("markdown", "html")
KINDS = ("comment", "mention")
FIELDS = (
    "id",
    "author",
    "date",
    "url",
    "replyto",
    "status",
    "source",
    "email",
    "author_is_writer",
    "format",
    "kind",
    "title",
    "source_url",
    "fetch_hash",
)
REQUIRED = ("id", "author", "date", "status", "source")
MAX_FILE_BYTES = 256 * 1024
MAX_AUTHOR = 200
MAX_TITLE = 300
MAX_URL = 2000
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")  # fullmatch: "$" takes "\n"
_STATUS_LINE = re.compile(r"^(status:[ \t]*)([A-Za-z]+)", re.MULTILINE)
_HASH = re.compile(r"[0-9a-f]{64}")
_HASH_LINE = re.compile(r'fetch_hash: "([0-9a-f]{64})"')
_HASHED = "fetch_hash:"
_NOT_HASHED = ("status:", _HASHED)


@dataclass(frozen=True)
class Comment:
    """One comment as stored; ``post`` is the slug of the post it is on."""

    id: str
    post: str
    author: str
    date: datetime
    body: str
    status: str = "pending"
    source: str = "file"
    url: str | None = None
    replyto: str | None = None
    email: str | None = None
    author_is_writer: bool = False
    format: str = "markdown"  # of the body: markdown | html
    kind: str = "comment"  # or "mention": another page linking to the post
    title: str | None = None  # a mention's page title
    source_url: str | None = None  # the reply itself at its source (social web)
    fetch_hash: str | None = None  # the file as the fetch wrote it (see untouched)
    path: str = ""
    line: int = 1  # where the front matter starts, for problems found later


class NotStorable(ValueError):
    """A comment the store will not write; ``reason`` is a few words for a report."""

    def __init__(self, reason, detail):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def comment_path(folder, post, comment_id, inside=None):
    """Where the comment ``comment_id`` on post ``post`` is stored.

    Raises NotStorable unless the slug is one safe path segment, the id one
    the store reads, and the path, links resolved, inside ``folder``.
    ``inside`` (a set) remembers the post folders found inside during one
    import, so thousands of comments on a post resolve its links once.
    """
    if not is_safe_segment(post):
        raise NotStorable("unsafe post slug", f"{post!r} cannot name a folder")
    if not isinstance(comment_id, str) or not ID_PATTERN.fullmatch(comment_id):
        raise NotStorable("bad id", f"{comment_id!r} cannot name a file")
    path = Path(folder) / post / f"{comment_id}.md"
    if inside is not None and post in inside:
        return path
    if not is_inside(path, folder):
        raise NotStorable("outside the store", f"{path} leads out of {folder}")
    if inside is not None and is_inside(path.parent, folder):
        inside.add(post)
    return path


def parse_comment(text, path, post, tz):
    """``(Comment or None, [Problem])`` from one comment file's text."""
    problems = []
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, "file", f"larger than {MAX_FILE_BYTES} bytes")]
    text = xml_safe(normalize_newlines(text).lstrip("\ufeff"))
    try:
        front, first_line, body, _body_line = split_front_matter(text)
    except FrontMatterError as problem:
        return None, [Problem(path, problem.line, "front matter", str(problem))]
    try:
        loaded = load(front, first_line)
    except YamlProblem as problem:
        return None, [Problem(path, problem.line, problem.field, problem.message)]
    data = loaded.data
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "front matter", "must be 'name: value' lines")]
    values = {}
    for name, value in data.items():
        if name not in FIELDS:
            problems.append(
                Problem(path, loaded.line(name), str(name), "unknown field", "warning")
            )
        else:
            values[name] = value
    for name in REQUIRED:
        if values.get(name) in (None, ""):
            problems.append(Problem(path, loaded.line(), name, "missing"))
    problems += _check_values(values, path, loaded.line, tz)
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    comment = Comment(
        id=str(values["id"]),
        post=post,
        author=str(values["author"]).strip()[:MAX_AUTHOR],
        date=values["date"],
        body=body.strip("\r\n"),
        status=values["status"],
        source=values["source"],
        url=_text_or_none(values.get("url")),
        replyto=_text_or_none(values.get("replyto")),
        email=_text_or_none(values.get("email")),
        author_is_writer=values.get("author_is_writer") is True,
        format=values.get("format") or "markdown",
        kind=values.get("kind") or "comment",
        title=_text_or_none(values.get("title")),
        source_url=_text_or_none(values.get("source_url")),
        fetch_hash=_text_or_none(values.get("fetch_hash")),
        path=path,
        line=loaded.line("id"),
    )
    return comment, problems


def _text_or_none(value):
    return str(value).strip() or None if value is not None else None


def _check_values(values, path, line, tz):
    """Problems with the values given; converts ``date`` in place."""
    problems = []
    for name in ("author", "url", "email", "replyto", "id", "title", *_SOCIAL_TEXT):
        value = values.get(name)
        if value is not None and (isinstance(value, bool | list | dict)):
            problems.append(Problem(path, line(name), name, "must be text"))
    comment_id = values.get("id")
    if comment_id is not None and not ID_PATTERN.fullmatch(str(comment_id)):
        problems.append(
            Problem(path, line("id"), "id", "use lowercase letters, digits, - and _")
        )
    elif comment_id is not None and _stem(path) != str(comment_id):
        problems.append(
            Problem(path, line("id"), "id", f"file should be named {comment_id}.md")
        )
    if values.get("status") not in (None, *STATUSES):
        problems.append(
            Problem(path, line("status"), "status", "must be " + " | ".join(STATUSES))
        )
    if values.get("source") not in (None, *SOURCES):
        problems.append(
            Problem(path, line("source"), "source", "must be " + " | ".join(SOURCES))
        )
    for name, allowed in (("format", FORMATS), ("kind", KINDS)):
        if values.get(name) not in (None, *allowed):
            problems.append(
                Problem(path, line(name), name, "must be " + " | ".join(allowed))
            )
    if len(str(values.get("title") or "")) > MAX_TITLE:
        problems.append(
            Problem(path, line("title"), "title", f"longer than {MAX_TITLE} characters")
        )
    problems += _check_social(values, path, line)
    if values.get("kind") == "mention" and not values.get("url"):
        problems.append(
            Problem(path, line("kind"), "url", "a mention needs the url of its page")
        )
    if values.get("date") not in (None, ""):
        try:
            values["date"] = parse_date(values["date"], tz)
        except ValueError as error:
            problems.append(Problem(path, line("date"), "date", str(error)))
    return problems


_SOCIAL_TEXT = ("source_url", "fetch_hash")


def _check_social(values, path, line):
    problems = []
    address = values.get("source_url")
    if isinstance(address, str) and not (
        address.startswith(("https://", "http://")) and len(address) <= MAX_URL
    ):
        problems.append(
            Problem(
                path,
                line("source_url"),
                "source_url",
                f"must be an http(s) address of at most {MAX_URL} characters",
            )
        )
    digest = values.get("fetch_hash")
    if isinstance(digest, str) and not _HASH.fullmatch(digest):
        problems.append(
            Problem(path, line("fetch_hash"), "fetch_hash", "must be 64 of 0-9 a-f")
        )
    return problems


def _stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def read_store(folder, tz, base=None):
    """Every comment under ``folder``: ``([Comment], [Problem])``, sorted by path.

    Paths are shown relative to ``base`` when given. Plain strings and
    ``os.scandir`` rather than ``Path`` objects: a store holds thousands.
    """
    folder = os.fspath(folder)
    comments, problems = [], []
    if not os.path.isdir(folder):
        return comments, problems
    prefix = os.path.join(os.fspath(base), "") if base else ""
    for post, path in comment_files(folder):
        shown = path.removeprefix(prefix)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            problems.append(Problem(shown, 1, "file", f"cannot be read ({error})"))
            continue
        comment, found = read_comment(data, shown, post, tz)
        problems += found
        if comment is not None:
            comments.append(comment)
    return comments, problems


def read_comment(data, shown, post, tz):
    """``(Comment or None, [Problem])`` from one comment file's bytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(shown, 1, "file", f"cannot be read ({error})")]
    return parse_comment(text, shown, post, tz)


def comment_files(folder):
    """``(post, path)`` of each ``folder/<post>/<id>.md``, in name order."""
    posts = sorted(
        (entry.name, entry.path) for entry in os.scandir(folder) if entry.is_dir()
    )
    for post, directory in posts:
        files = sorted(
            (entry.name, entry.path)
            for entry in os.scandir(directory)
            if entry.name.endswith(".md")
        )
        for _name, path in files:
            yield post, path


def validate_store(comments, post_slugs):
    """Problems across files: unknown post, missing parent, duplicate id."""
    problems, seen = [], {}
    by_post = {}
    for comment in comments:
        by_post.setdefault(comment.post, set()).add(comment.id)
        if comment.id in seen:
            problems.append(
                Problem(
                    comment.path,
                    comment.line,
                    "id",
                    f"also used by {seen[comment.id]}",
                )
            )
        seen.setdefault(comment.id, comment.path)
    for comment in comments:
        if comment.post not in post_slugs:
            problems.append(
                Problem(
                    comment.path,
                    comment.line,
                    "post",
                    f"no post with the slug '{comment.post}'",
                )
            )
        if comment.replyto and comment.replyto not in by_post[comment.post]:
            problems.append(
                Problem(
                    comment.path,
                    comment.line,
                    "replyto",
                    f"no comment '{comment.replyto}' on this post",
                )
            )
    return problems


def comment_text(comment):
    """The file text for ``comment``; ``email`` is written only if set."""
    lines = ["---", f"id: {comment.id}", f"author: {double_quoted(comment.author)}"]
    lines.append(f"date: {comment.date.isoformat()}")
    if comment.url:
        lines.append(f"url: {double_quoted(comment.url)}")
    if comment.replyto:
        lines.append(f"replyto: {comment.replyto}")
    lines += [f"status: {comment.status}", f"source: {comment.source}"]
    if comment.email:
        lines.append(f"email: {double_quoted(comment.email)}")
    if comment.author_is_writer:
        lines.append("author_is_writer: true")
    if comment.format != "markdown":
        lines.append(f"format: {comment.format}")
    if comment.kind != "comment":
        lines.append(f"kind: {comment.kind}")
    if comment.title:
        lines.append(f"title: {double_quoted(comment.title)}")
    if comment.source_url:
        lines.append(f"source_url: {double_quoted(comment.source_url)}")
    if comment.fetch_hash:
        lines.append(f'fetch_hash: "{comment.fetch_hash}"')
    body = comment.body.strip("\r\n")
    return "\n".join([*lines, "---", body]) + "\n"


def fetched(comment):
    """``comment`` as a fetch writes it: with the ``fetch_hash`` of its text."""
    text = comment_text(replace(comment, fetch_hash=None))
    return replace(comment, fetch_hash=_fingerprint(text))


def untouched(text):
    """True if ``text`` is a file as a fetch wrote it, its status aside."""
    lines = [line for line in _front_matter_lines(text) if line.startswith(_HASHED)]
    found = _HASH_LINE.fullmatch(lines[0]) if len(lines) == 1 else None
    return found is not None and found.group(1) == _fingerprint(text)


def _fingerprint(text):
    """The hash of ``text`` without its front matter's status and fetch_hash."""
    lines = text.split("\n")
    end = len(_front_matter_lines(text)) + 1
    kept = [
        line
        for number, line in enumerate(lines)
        if not (0 < number < end and line.startswith(_NOT_HASHED))
    ]
    return hashlib.sha256("\n".join(kept).encode("utf-8", "surrogatepass")).hexdigest()


def _front_matter_lines(text):
    """The lines between the first two ``---`` lines; [] without them."""
    lines = text.split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return []
    return lines[1 : lines.index("---", 1)]


def existing_ids(folder):
    """``{id: post slug}`` of every stored comment, from the file names."""
    return {path.stem: path.parent.name for path in Path(folder).glob("*/*.md")}


@dataclass(frozen=True)
class NewFile:
    """A new comment's file, checked by ``new_file`` and not yet written."""

    path: Path
    text: str


def write_new(folder, comment):
    """Store a new comment; return its path.

    Raises NotStorable, writing nothing, if the comment's file could not be
    read back as the same comment; FileExistsError if it is already stored.
    """
    return write_file(new_file(folder, comment))


def new_file(folder, comment, inside=None):
    """The checked ``NewFile`` of ``comment``: see comment_path, new_comment_text."""
    path = comment_path(folder, comment.post, comment.id, inside)
    return NewFile(path, new_comment_text(comment, path))


def write_file(new):
    """Write a ``NewFile``; raise FileExistsError, writing nothing, if it exists."""
    create_exclusive(new.path, new.text)
    return new.path


def write_files(news):
    """Write ``NewFile``s, one sync for all; the paths of those not there yet."""
    created = create_all_exclusive((new.path, new.text) for new in news)
    return [new.path for new, made in zip(news, created, strict=True) if made]


def new_comment_text(comment, path):
    """The file text of ``comment``, read back before anything is written.

    Whatever the reader would refuse or read differently (a reply id that is
    not an id, a file over its size cap, text with no UTF-8, a date without
    a zone, a value that spills onto another line) raises NotStorable.
    """
    if comment.replyto is not None and not ID_PATTERN.fullmatch(comment.replyto):
        raise NotStorable("bad replyto", f"{comment.replyto!r} is not a comment id")
    text = comment_text(comment)
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise NotStorable("too long", f"the file would be over {MAX_FILE_BYTES} bytes")
    again, problems = parse_comment(text, str(path), comment.post, UTC)
    expected = replace(comment, body=comment.body.strip("\r\n"), path=str(path))
    if again is None or replace(again, line=expected.line) != expected:
        detail = str(problems[0]) if problems else f"{path} reads back differently"
        raise NotStorable("does not read back", detail)
    return text


class ApproveError(Exception):
    """The comment cannot be approved; the message says why."""


def approve_text(text):
    """``text`` with its front matter's ``status`` word set to ``approved``.

    Every other byte stays as it was.
    """
    end = _front_matter_end(text)
    match = _STATUS_LINE.search(text, 0, end)
    if match is None:
        raise ApproveError("no 'status:' line in the front matter")
    if match.group(2) == "approved":
        raise ApproveError("already approved")
    return text[: match.start(2)] + "approved" + text[match.end(2) :]


def _front_matter_end(text):
    lines = text.splitlines(keepends=True)
    offset = len(lines[0]) if lines and lines[0].strip() == "---" else 0
    for line in lines[1:]:
        if line.strip() == "---":
            return offset
        offset += len(line)
    raise ApproveError("no front matter between '---' lines")


def approve(folder, comment_id, tz):
    """Approve the stored comment ``comment_id``; return its path."""
    paths = sorted(Path(folder).glob(f"*/{comment_id}.md"))
    if not ID_PATTERN.fullmatch(comment_id) or not paths:
        raise ApproveError(f"no comment with the id '{comment_id}'")
    path = paths[0]
    raw = path.read_bytes().decode("utf-8")
    new = approve_text(raw)
    comment, problems = parse_comment(new, str(path), path.parent.name, tz)
    if comment is None or comment.status != "approved":
        raise ApproveError(f"{path} would not read back: {problems[:1]}")
    write_atomic(path, new.encode("utf-8"))
    return path
