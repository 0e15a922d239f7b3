"""Read one post file: YAML front matter, body and symptom log, no Pelican.

``parse_post`` never raises on bad content: what is wrong comes back in
``ParsedPost.problems`` as ``path:line: field: problem``, the way feedparser
reports a bad feed in ``bozo`` instead of failing.
"""

from dataclasses import dataclass, field

import frontmatter

from plugins.common.text import xml_safe
from plugins.symptom_log.model import Problem, SymptomLog, parse_moment, read_log
from plugins.symptom_log.privacy import is_private_post

from .safe_yaml import YamlProblem, load

MAX_FILE_BYTES = 2 * 1024 * 1024
LOG_KEYS = ("episodes", "medications", "visits", "ratings")
TEXT_FIELDS = ("title", "summary", "slug", "category", "author", "status", "lang")
_HANDLER = frontmatter.YAMLHandler()


@dataclass
class ParsedPost:
    """A post read from its file. ``meta`` holds only what may be published."""

    path: str
    meta: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    log: SymptomLog = field(default_factory=SymptomLog)
    problems: list = field(default_factory=list)

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == "error"]

    @property
    def private(self):
        """A draft or a post marked private as a whole: never published."""
        return is_private_post(self.raw)


def has_front_matter(text):
    return _HANDLER.detect(text.lstrip("\ufeff"))


def read_pelican_style(text, path):
    """The ``Key: value`` header and body of a post in Pelican's own style.

    Only what the privacy check needs: Pelican's reader does the real work.
    """
    header, _blank, body = text.lstrip("\ufeff").partition("\n\n")
    raw = {}
    for line in header.splitlines():
        name, colon, value = line.partition(":")
        if not colon or not name.strip().isidentifier():
            return ParsedPost(path, body=text)
        raw[name.strip().lower()] = value.strip()
    return ParsedPost(path, raw=raw, body=body)


def parse_post(text, path, tz):
    """Split, load and validate one post's text, read in time zone ``tz``."""
    post = ParsedPost(path)
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        post.problems.append(
            Problem(path, 1, "file", f"larger than {MAX_FILE_BYTES} bytes")
        )
        return post
    text = xml_safe(text.lstrip("\ufeff"))
    try:
        front, body = _HANDLER.split(text)
    except ValueError:
        post.problems.append(Problem(path, 1, "front matter", "no closing '---' line"))
        return post
    post.body = body.removeprefix("\r").removeprefix("\n")
    post.body_line = text.count("\n", 0, len(text) - len(post.body)) + 1
    try:
        loaded = load(front)
    except YamlProblem as problem:
        post.problems.append(
            Problem(path, problem.line, problem.field, problem.message)
        )
        return post
    if not isinstance(loaded.data, dict):
        post.problems.append(
            Problem(path, 1, "front matter", "must be 'name: value' lines")
        )
        return post
    post.raw = loaded.data
    _read_fields(post, loaded, tz)
    return post


def _read_fields(post, loaded, tz):
    data, line = loaded.data, loaded.line
    for name, value in data.items():
        if not isinstance(name, str):
            post.problems.append(
                Problem(post.path, line(), str(name), "not a field name")
            )
        elif name in TEXT_FIELDS:
            _text_field(post, name, value, line)
        elif name in ("date", "modified"):
            _date_field(post, name, value, line, tz)
        elif name in ("tags", "authors"):
            _list_field(post, name, value, line)
        elif name not in (*LOG_KEYS, "private"):
            post.meta[name] = value
    if "title" not in post.meta and not post.private:
        post.problems.append(Problem(post.path, line(), "title", "missing"))
    post_date = post.meta.get("date")
    if post_date is None and any(key in data for key in LOG_KEYS):
        post.problems.append(
            Problem(
                post.path, line(), "date", "missing: a post with a log needs a date"
            )
        )
        return
    if post_date is not None:
        post.log, problems = read_log(
            data, line, path=post.path, post_date=post_date, tz=tz
        )
        post.problems.extend(problems)


def _text_field(post, name, value, line):
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        post.problems.append(Problem(post.path, line(name), name, "must be text"))
    elif str(value).strip():
        post.meta[name] = str(value).strip()


def _date_field(post, name, value, line, tz):
    try:
        post.meta[name] = parse_moment(value, tz)[0]
    except ValueError as error:
        post.problems.append(Problem(post.path, line(name), name, str(error)))


def _list_field(post, name, value, line):
    values = value if isinstance(value, list) else [value]
    if isinstance(value, str):
        values = value.split(",")
    words = []
    for item in values:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            post.problems.append(Problem(post.path, line(name), name, "must be words"))
            return
        if str(item).strip():
            words.append(str(item).strip())
    if words:
        post.meta[name] = words
