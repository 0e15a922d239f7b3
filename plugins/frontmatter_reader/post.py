"""Read one post file: YAML front matter, body and symptom log, no Pelican.

``read_post`` and ``parse_post`` never raise on bad content: what is wrong
comes back in ``ParsedPost.problems`` as ``path:line: field: problem``, the
way feedparser reports a bad feed in ``bozo`` instead of failing.

The journal fails closed. A file whose first line is ``---`` (after a byte
order mark, blank lines, with a comment or not) is ours: it is read as front
matter or held back with an error, never rendered as text. A privacy or
status value we do not understand exactly is an error that holds the post
back. So is a body that starts with our own fields (a stray ``---`` ended the
front matter early), and any value later steps could not draw, write or name
a file after.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from dateutil import parser as dateutil_parser

from plugins.common import addresses
from plugins.common.dates import check_moment, parse_moment
from plugins.common.front_matter import (
    FrontMatterError,
    YamlProblem,
    load,
    normalize_newlines,
    split_front_matter,
    starts_with_front_matter,
)
from plugins.common.paths import is_safe_segment
from plugins.common.problems import Problem
from plugins.common.social import bluesky_post, mastodon_post
from plugins.common.text import xml_safe
from plugins.symptom_log.model import SymptomLog, read_log
from plugins.symptom_log.privacy import is_private_post

MAX_FILE_BYTES = 2 * 1024 * 1024
LOG_KEYS = ("episodes", "medications", "visits", "ratings")
# Characters each text field may hold: a longer one could not name a file or
# fit a page, and is more likely a paste gone wrong than a title.
TEXT_LIMITS = {
    "title": 300,
    "summary": 2000,
    "slug": 100,
    "category": 100,
    "author": 100,
    "status": 20,
    "lang": 20,
}
LIST_LIMITS = {"tags": (50, 100), "authors": (10, 100)}  # (items, characters each)
STATUSES = ("published", "draft")
# Pelican would write, link or render the post where these say: not ours to allow.
REFUSED = ("save_as", "url", "template", "path")
DATES = ("date", "modified")
# Where the post is published and its old addresses: see addresses.py.
ADDRESSES = {"permalink": addresses.permalink, "redirect_from": addresses.redirect_from}
# The post's conversations on the social web (plugins/common/social.py).
CONVERSATIONS = {"mastodon": mastodon_post, "bluesky": bluesky_post}
# What a writer types in front matter: a body that starts with one of these
# lost its front matter to a stray '---'.
TOP_FIELDS = (
    *(*TEXT_LIMITS, *LIST_LIMITS, *DATES, *ADDRESSES, *CONVERSATIONS),
    *(*LOG_KEYS, "private"),
)
FIELDS = {
    *TOP_FIELDS,
    *("at", "symptom", "site", "side", "beats", "duration", "severity"),
    *("triggers", "note", "drug", "change", "dose", "when", "from", "with"),
}
_TOP_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:\s|$)")
_ITEM_LINE = re.compile(
    r"(?:[ \t]+|-[ \t]+|[ \t]+-[ \t]+)([A-Za-z_][\w-]*)[ \t]*:(?:\s|$)"
)
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
# Markdown's metadata lines (the meta extension Pelican uses), and their
# continuation lines.
_PELICAN_KEY = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_PELICAN_MORE = re.compile(r"[ ]{4,}(?P<value>.*)")
_YAML_BOOLEANS = {"true": True, "True": True, "TRUE": True}
_YAML_BOOLEANS |= {"false": False, "False": False, "FALSE": False}


@dataclass
class ParsedPost:
    """A post read from its file. ``meta`` holds only what may be published.

    ``pelican_style`` is set for a post in Pelican's ``Key: value`` style,
    whose ``text`` Pelican's reader then renders.
    """

    path: str  # as problems name it
    meta: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    log: SymptomLog = field(default_factory=SymptomLog)
    problems: list = field(default_factory=list)
    kind: str = "article"  # or "page"
    source: str = ""  # the file's full path, once read_source has read it
    pelican_style: bool = False
    text: str = ""  # the whole file, as read
    lines: dict = field(default_factory=dict)  # the line of each field

    def line(self, name=None):
        """The line of field ``name``, else of the front matter's start."""
        return self.lines.get(name, self.lines.get(None, 1))

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == "error"]

    @property
    def private(self):
        """A draft or a post marked private as a whole: never published."""
        return is_private_post(self.raw)

    def error(self, line, name, message):
        self.problems.append(Problem(self.path, line, name, message))


def has_front_matter(text):
    """True for a file that is ours: its first line is ``---``."""
    return starts_with_front_matter(text)


def read_post(data, path, tz, *, kind="article"):
    """``parse_post`` of a file's bytes: strict UTF-8, or an error naming the
    line of the first byte that is not."""
    if len(data) > MAX_FILE_BYTES:
        post = ParsedPost(path)
        post.error(1, "file", f"larger than {MAX_FILE_BYTES} bytes")
        return post
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        post = ParsedPost(path)
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        post.error(
            line,
            "file",
            f"not UTF-8 (byte 0x{data[error.start]:02x} at column {column}); "
            "save the file as UTF-8",
        )
        return post
    return parse_post(text, path, tz, kind=kind)


def parse_post(text, path, tz, *, kind="article"):
    """Split, load and validate one post's text, read in time zone ``tz``.

    ``kind`` is ``"article"`` (a post: a date is needed) or ``"page"``.
    """
    post = ParsedPost(path, kind=kind)
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        post.error(1, "file", f"larger than {MAX_FILE_BYTES} bytes")
        return post
    text = post.text = xml_safe(normalize_newlines(text).lstrip("\ufeff"))
    if not starts_with_front_matter(text):
        _read_pelican_style(post, text, tz, kind)
        return post
    try:
        front, front_line, post.body, post.body_line = split_front_matter(text)
    except FrontMatterError as problem:
        post.error(problem.line, "front matter", str(problem))
        return post
    if not _body_is_text(post):
        return post
    try:
        loaded = load(front, front_line)
    except YamlProblem as problem:
        post.error(problem.line, problem.field, problem.message)
        return post
    if not isinstance(loaded.data, dict):
        post.error(front_line, "front matter", "must be 'name: value' lines")
        return post
    post.raw = loaded.data
    post.lines = {None: front_line} | {
        name: loaded.line(name) for name in post.raw if isinstance(name, str)
    }
    _read_fields(post, loaded, tz, kind)
    return post


def _body_is_text(post):
    """False, with an error, when the body starts with our own fields (after
    blank lines and lines starting with ``#``, YAML's comments)."""
    for number, line in enumerate(post.body.split("\n"), post.body_line):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _TOP_LINE.match(line) or _ITEM_LINE.match(line)
        if found and found.group(1).lower() in FIELDS:
            post.error(
                number,
                found.group(1).lower(),
                "the front matter goes on after a '---' line that ended it "
                f"early (line {post.body_line - 1}); remove that '---'",
            )
            return False
        return True
    return True


def _read_fields(post, loaded, tz, kind):
    data, line = loaded.data, loaded.line
    for name, value in data.items():
        if not isinstance(name, str):
            post.error(line(), str(name), "not a field name")
        elif name in REFUSED:
            post.error(line(name), name, "not used by this journal; remove it")
        elif name in TEXT_LIMITS:
            _text_field(post, name, value, loaded)
        elif name in DATES:
            _date_field(post, name, value, line, tz)
        elif name in LIST_LIMITS:
            _list_field(post, name, value, loaded)
        elif name in ADDRESSES:
            _address_field(post, name, value, line)
        elif name in CONVERSATIONS:
            _conversation_field(post, name, value, line)
        elif name not in (*LOG_KEYS, "private"):
            post.meta[name] = value
    _check_privacy(post, data.get("private"), line)
    _check_fields(post, line, kind)
    post_date = post.meta.get("date")
    logged = any(key in data for key in LOG_KEYS)
    if logged and kind != "article" and "date" not in data:
        post.error(line(), "date", "missing: a page with a log needs a date")
    if post_date is not None:
        post.log, problems = read_log(
            data,
            line,
            path=post.path,
            post_date=post_date,
            tz=tz,
            written=loaded.written,
        )
        post.problems.extend(problems)


def _check_privacy(post, flag, line):
    """``private`` is a YAML boolean (the whole post) or a block of notes."""
    if not (isinstance(flag, bool | dict | list) or flag is None):
        post.error(
            line("private"),
            "private",
            f"must be true or false (the whole post), or a block of notes, got "
            f"'{flag}'; the post is held back until it is one of them",
        )


def _check_fields(post, line, kind):
    status = post.meta.get("status")
    if status is not None and status.lower() in STATUSES:
        post.meta["status"] = status.lower()  # as Pelican knows them
    elif "status" in post.raw:
        post.error(
            line("status"),
            "status",
            f"must be {' or '.join(STATUSES)}, got '{status or ''}'; "
            "the post is held back until it is one of them",
        )
    slug = post.meta.get("slug")
    if slug is not None and not is_safe_segment(slug):
        post.error(
            line("slug"),
            "slug",
            f"'{slug}' must be letters, digits and '-' (it is the post's address)",
        )
    lang = post.meta.get("lang")
    if lang is not None and not _LANG.fullmatch(lang):
        post.error(line("lang"), "lang", f"'{lang}' is not a language code: en, fr")
    if "title" not in post.raw and not post.private:
        post.error(line(), "title", "missing")
    if kind == "article" and "date" not in post.raw and not post.private:
        post.error(line(), "date", "missing: every post needs a date")


def _text_field(post, name, value, loaded):
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        post.error(loaded.line(name), name, "must be text")
        return
    text = loaded.written(name) if not isinstance(value, str) else value
    text = " ".join(str(text).split()) if name != "summary" else str(text).strip()
    if len(text) > TEXT_LIMITS[name]:
        post.error(
            loaded.line(name),
            name,
            f"longer than {TEXT_LIMITS[name]} characters ({len(text)})",
        )
    elif text:
        post.meta[name] = text


def _date_field(post, name, value, line, tz):
    try:
        post.meta[name] = parse_moment(value, tz)[0]
    except ValueError as error:
        post.error(line(name), name, str(error))


def _address_field(post, name, value, line):
    checked, problem = ADDRESSES[name](value)
    if problem:
        post.error(line(name), name, problem)
    else:
        post.meta[name] = checked


def _conversation_field(post, name, value, line):
    """A Mastodon or Bluesky post's address, of exactly its shape."""
    checked, problem = CONVERSATIONS[name](value)
    if problem:
        post.error(line(name), name, problem)
    else:
        post.meta[name] = checked.url


def _list_field(post, name, value, loaded):
    most, longest = LIST_LIMITS[name]
    values = value if isinstance(value, list) else [value]
    if isinstance(value, str):
        values = value.split(",")
    words = []
    for index, item in enumerate(values):
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            post.error(loaded.line(name), name, "must be words")
            return
        word = item if isinstance(item, str) else loaded.written(name, index)
        word = " ".join(str(word if word is not None else item).split())
        if len(word) > longest:
            post.error(loaded.line(name), name, f"'{word[:40]}...' is too long")
            return
        if word:
            words.append(word)
    if len(words) > most:
        post.error(loaded.line(name), name, f"more than {most}")
    elif words:
        post.meta[name] = words


def _read_pelican_style(post, text, tz, kind):
    """Check a post in Pelican's ``Key: value`` style as Pelican will read it.

    Pelican's reader renders it; this reads its header as Markdown's meta
    extension does, so that what Pelican would fail on, or publish though it
    was meant to be private, is an error here first.
    """
    post.pelican_style = True
    lines = text.split("\n")
    raw, lines_of, key = {}, {}, None
    body = len(lines)  # the index of the body's first line
    for index, line in enumerate(lines):
        found = _PELICAN_KEY.fullmatch(line)
        more = _PELICAN_MORE.fullmatch(line)
        if not line.strip() or not (found or (more and key)):
            body = index
            break
        if found:
            key = found.group("key").lower()
            raw[key] = (f"{raw[key]}, " if key in raw else "") + found.group("value")
            lines_of[key] = index + 1
        else:
            raw[key] += " " + more.group("value").strip()
    post.raw = {name: value.strip() for name, value in raw.items()}
    post.lines = lines_of
    post.body = "\n".join(lines[body:])
    post.body_line = body + 1
    if not _body_is_text(post):
        return
    _pelican_fields(post, tz, kind)


def _pelican_fields(post, tz, kind):
    line = post.line
    for name, value in post.raw.items():
        if name in REFUSED:
            post.error(line(name), name, "not used by this journal; remove it")
        elif name in ADDRESSES or name in CONVERSATIONS:
            post.error(line(name), name, "write it in YAML front matter (--- lines)")
        elif name in DATES:
            _pelican_date(post, name, value, line(name), tz)
        elif name in TEXT_LIMITS and len(value) > TEXT_LIMITS[name]:
            post.error(line(name), name, f"longer than {TEXT_LIMITS[name]} characters")
        elif name in TEXT_LIMITS and value:
            post.meta[name] = value
        elif name in LIST_LIMITS:
            words = [word.strip() for word in value.split(",") if word.strip()]
            most, longest = LIST_LIMITS[name]
            if len(words) > most or any(len(word) > longest for word in words):
                post.error(line(name), name, f"at most {most} of {longest} characters")
            post.meta[name] = words
    if "private" in post.raw:
        flag = _YAML_BOOLEANS.get(post.raw["private"])
        if flag is None:
            post.error(line("private"), "private", "must be true or false")
        post.raw["private"] = flag
    _check_fields(post, line, kind)


def _pelican_date(post, name, value, number, tz):
    """A date as Pelican reads one (dateutil), within the journal's years."""
    try:
        moment = dateutil_parser.parse(" ".join(value.split()), default=_MIDNIGHT)
    except (ValueError, OverflowError):
        post.error(number, name, f"'{value}' is not a date: write YYYY-MM-DD HH:MM")
        return
    try:
        post.meta[name] = check_moment(moment.replace(tzinfo=moment.tzinfo or tz))
    except ValueError as error:
        post.error(number, name, str(error))


_MIDNIGHT = datetime(2000, 1, 1)
