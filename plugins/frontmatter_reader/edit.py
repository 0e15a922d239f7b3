"""Write posts for the writer: a new post, one more episode in a post.

Appending is done on the text, not by re-dumping YAML, so every other byte of
the file (comments, key order, quoting, blank lines) stays as it was. The
result is read back and compared before anyone writes it.
"""

import json
import re
from datetime import datetime

from plugins.common.front_matter import YamlProblem, double_quoted, load
from plugins.common.text import xml_safe

from .post import has_front_matter, parse_post

EPISODE_KEYS = (
    "at",
    "symptom",
    "site",
    "side",
    "beats",
    "duration",
    "severity",
    "triggers",
    "note",
)
_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")
_EPISODES_KEY = re.compile(
    r"^episodes:[ \t]*(?P<rest>[^#\r\n]*?)(?P<comment>[ \t]*#.*)?[ \t]*$"
)
_ITEM = re.compile(r"^(?P<indent>[ \t]*)- ")


class EditError(Exception):
    """The file cannot be changed safely; nothing was written."""


def yaml_scalar(value):
    """``value`` as a YAML scalar that reads back as exactly that value."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _plain_is_safe(text):
        return text
    return double_quoted(text)


def _plain_is_safe(text):
    """Plain (unquoted) only for simple text that reads back as that text."""
    if not re.fullmatch(r"[A-Za-z0-9][\w .:/+-]*", text) or text != text.strip():
        return False
    try:
        return load(f"value: {text}").data == {"value": text}
    except YamlProblem:
        return False


def new_post_text(
    title,
    date,
    *,
    category=None,
    tags=(),
    episodes=(),
    fields=(),
    body="",
    newline="\n",
):
    """The text of a new post with front matter and a body (empty: to write in).

    ``fields`` are more ``(name, value)`` pairs, after the tags: text, numbers,
    dates, lists. ``date`` may be None (a page without one).
    """
    lines = ["---", f"title: {yaml_scalar(title)}"]
    if date is not None:
        lines.append(f"date: {date:%Y-%m-%d %H:%M}")
    if category:
        lines.append(f"category: {yaml_scalar(category)}")
    if tags:
        lines += field_lines("tags", list(tags))
    for name, value in fields:
        lines += field_lines(name, value)
    if episodes:
        lines.append("episodes:")
        for episode in episodes:
            lines.extend(episode_lines(episode, "  "))
    lines += ["---", body.rstrip("\n"), ""]
    return newline.join(lines)


def field_lines(name, value, width=80):
    """``name: value`` as YAML lines; a list on one line, or one item a line
    when that line would be longer than ``width``."""
    if isinstance(value, datetime):
        return [f"{name}: {value:%Y-%m-%d %H:%M}"]
    if not isinstance(value, list | tuple):
        return [f"{name}: {yaml_scalar(value)}"]
    items = [yaml_scalar(item) for item in value]
    line = f"{name}: [" + ", ".join(items) + "]"
    if len(line) <= width:
        return [line]
    return [f"{name}:", *(f"  - {item}" for item in items)]


def episode_lines(episode, indent):
    """YAML lines of one episode item, in the documented key order."""
    lines = []
    for key in EPISODE_KEYS:
        value = episode.get(key)
        if value in (None, [], ()):
            continue
        if isinstance(value, list | tuple):
            value_text = "[" + ", ".join(yaml_scalar(item) for item in value) + "]"
        else:
            value_text = yaml_scalar(value)
        lines.append(f"{indent}{'- ' if not lines else '  '}{key}: {value_text}")
    return lines


def append_episode(text, episode, path, tz):
    """Return ``text`` with ``episode`` (a dict) added to its ``episodes`` list.

    Raises EditError when the post cannot be read or the change would touch
    anything but the new item.
    """
    if not has_front_matter(text):
        raise EditError(f"{path}: has no YAML front matter to add an episode to")
    episode = {key: _xml_safe_value(value) for key, value in episode.items()}
    before = parse_post(text, path, tz)
    if before.errors:
        raise EditError(f"fix this first: {before.errors[0]}")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    close = _closing_line(lines)
    new_text = "".join(_insert(lines, close, episode, newline))
    after = parse_post(new_text, path, tz)
    _verify(before, after, episode, path)
    return new_text


def _xml_safe_value(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return [_xml_safe_value(item) for item in value]
    return value


def _closing_line(lines):
    for index in range(1, len(lines)):
        if re.fullmatch(r"-{3,}\s*", lines[index]):
            return index
    raise EditError("the front matter has no closing '---' line")


def _insert(lines, close, episode, newline):
    start = next(
        (i for i in range(1, close) if _EPISODES_KEY.match(lines[i].rstrip("\r\n"))),
        None,
    )
    if start is None:
        new = ["episodes:", *episode_lines(episode, "  ")]
        return [*lines[:close], *(line + newline for line in new), *lines[close:]]
    key = _EPISODES_KEY.match(lines[start].rstrip("\r\n"))
    rest = key.group("rest")
    if rest in ("[]", "~", "null"):  # items follow on the next lines; keep the comment
        lines[start] = "episodes:" + (key.group("comment") or "") + newline
    elif rest:
        raise EditError("episodes is written as a [...] list; write it as '- ' lines")
    end, indent = _block_end(lines, start, close)
    new = [line + newline for line in episode_lines(episode, indent)]
    if end > 0 and not lines[end - 1].endswith(("\n", "\r")):
        new[0] = newline + new[0]
    return [*lines[:end], *new, *lines[end:]]


def _block_end(lines, start, close):
    """Where the episodes block ends (after its last item line) and its indent."""
    end, indent = start + 1, None
    for index in range(start + 1, close):
        line = lines[index].rstrip("\r\n")
        if _TOP_KEY.match(line):
            break
        item = _ITEM.match(line)
        if item and indent is None:
            indent = item.group("indent")
        if line.strip() and not (line.startswith("#") and indent is not None):
            end = index + 1
    return end, "  " if indent is None else indent


def _verify(before, after, episode, path):
    if after.errors:
        raise EditError(f"the new episode is not valid: {after.errors[0]}")
    old, new = dict(before.raw), dict(after.raw)
    old_items = old.pop("episodes", None) or []
    new_items = new.pop("episodes", None) or []
    expected = {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in episode.items()
        if v not in (None, [], ())
    }
    if old != new or new_items != [*old_items, expected]:
        raise EditError(
            f"{path}: could not add the episode without changing "
            "other lines; nothing was written"
        )
