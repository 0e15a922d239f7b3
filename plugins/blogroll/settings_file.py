"""Adding blogs to ``BLOGROLL`` in pelicanconf.py without changing anything else.

The new entries are inserted as text just before the list's closing
bracket; every other byte of the file (comments, order, quoting) stays as
the writer left it. The result is parsed back and must give exactly the old
list plus the new entries before the caller writes it (atomically).
"""

import ast
import io
import json
import tokenize

from .config import BLOG_KEYS
from .entries import normalised_link


class SettingsEditError(ValueError):
    """pelicanconf.py cannot be edited safely; nothing is written."""


def current_blogroll(text, path):
    """(the Assign node, the list as Python data) of ``BLOGROLL = [...]``."""
    try:
        tree = ast.parse(text, filename=str(path))
    except SyntaxError as error:
        raise SettingsEditError(f"{path}:{error.lineno}: cannot be parsed") from None
    found = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "BLOGROLL" for t in node.targets)
    ]
    if not found:
        return None, []
    node = found[-1]
    if not isinstance(node.value, ast.List):
        raise SettingsEditError(
            f"{path}:{node.lineno}: BLOGROLL is not a plain [...] list; add by hand"
        )
    try:
        return node, ast.literal_eval(node.value)
    except ValueError:
        raise SettingsEditError(
            f"{path}:{node.lineno}: BLOGROLL holds more than plain values; add by hand"
        ) from None


def add_blogs(text, entries, path="pelicanconf.py"):
    """(new text, added entries, skipped (entry, reason)) for ``entries``.

    An entry whose feed (or, without a feed, address) is already listed is
    skipped, so importing the same OPML twice adds nothing.
    """
    node, existing = current_blogroll(text, path)
    known = {_identity(entry) for entry in existing if isinstance(entry, dict)}
    added, skipped = [], []
    for given in entries:
        entry = {key: given[key] for key in BLOG_KEYS if given.get(key)}
        identity = _identity(entry)
        if identity in known:
            skipped.append((entry, "already in BLOGROLL"))
            continue
        known.add(identity)
        added.append(entry)
    if not added:
        return text, [], skipped
    new_text = _insert(text, node, added)
    _, after = current_blogroll(new_text, path)
    if after != existing + added:
        raise SettingsEditError(f"{path}: the edit did not read back; nothing written")
    return new_text, added, skipped


def _identity(entry):
    address = entry.get("feed") or entry.get("url") or ""
    return normalised_link(address) if isinstance(address, str) else ""


def _insert(text, node, entries):
    if node is None:
        block = "".join(_entry_text(entry, "    ") for entry in entries)
        return (
            text + ("" if text.endswith("\n") else "\n") + f"BLOGROLL = [\n{block}]\n"
        )
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    value = node.value
    close = _offset(offsets, text, value.end_lineno, value.end_col_offset) - 1
    newline = "\r\n" if "\r\n" in text else "\n"
    if not value.elts:
        block = "".join(_entry_text(entry, "    ") for entry in entries)
        return text[:close] + newline + block.replace("\n", newline) + text[close:]
    last = value.elts[-1]
    last_end = _offset(offsets, text, last.end_lineno, last.end_col_offset)
    comma = "" if _has_comma(text[last_end:close]) else ","
    line_start = text.rfind("\n", 0, close) + 1
    indent = " " * value.elts[0].col_offset
    if text[line_start:close].strip() == "":  # "]" on its own line
        block = "".join(_entry_text(entry, indent) for entry in entries)
        block = block.replace("\n", newline)
        return (
            text[:last_end]
            + comma
            + text[last_end:line_start]
            + block
            + text[line_start:]
        )
    block = "\n" + "".join(_entry_text(entry, "    ") for entry in entries)
    return text[:last_end] + comma + block.replace("\n", newline) + text[last_end:]


def _offset(offsets, text, lineno, col):
    """The character offset of (1-based line, UTF-8 byte column)."""
    start = offsets[lineno - 1]
    line = text[start : offsets[lineno]] if lineno < len(offsets) else text[start:]
    return start + len(line.encode("utf-8")[:col].decode("utf-8"))


def _has_comma(segment):
    try:
        tokens = tokenize.generate_tokens(io.StringIO(segment).readline)
        return any(t.type == tokenize.OP and t.string == "," for t in tokens)
    except (tokenize.TokenError, SyntaxError):
        return segment.lstrip().startswith(",")


def _entry_text(entry, indent):
    inner = indent + "    "
    body = "".join(
        f"{inner}{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
        for key, value in entry.items()
    )
    return f"{indent}{{\n{body}{indent}}},\n"
