"""What is private in a post, and a scan proving none of it was published.

Private is: an item with ``private: true``, the ``private:`` block, and a whole
post with ``status: draft`` or ``private: true``. The reader drops all of it
before rendering; ``find_leaks`` is the independent check that runs over every
byte of the output before a publish is allowed to land.
"""

import html
import os
import posixpath
import re
import sys
import zlib
from typing import NamedTuple
from urllib.parse import unquote

from plugins.common.text import strings_in

MIN_LENGTH = 6
MIN_LINE_LENGTH = 16  # a line of a draft's body; shorter ones are too common
LOG_KEYS = ("episodes", "medications", "visits")
# Fields whose values are vocabulary or dates, shared with public entries.
NOT_DISTINCTIVE = ("at", "date", "side", "site", "symptom", "change", "private")
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#+|[-*+>]|\d+\.)?\s*")
# The scan of the output
MAX_DECOMPRESSED = 64 * 2**20  # bytes a compressed file may hold; more fails closed
MAX_GZIP_LAYERS = 3  # gzip inside gzip inside gzip
DECODE_ROUNDS = 3  # escapes inside escapes: an entity in a feed's escaped HTML
_GZIP_MAGIC = b"\x1f\x8b"
_JS_ESCAPE = re.compile(  # \u00e9 \u{1F600} \xe9, and \" \/ \\ \n ...
    r"\\(?:u\{(?P<braced>[0-9a-fA-F]{1,6})\}|u(?P<u4>[0-9a-fA-F]{4})"
    r"|x(?P<x2>[0-9a-fA-F]{2})|(?P<char>.))",
    re.DOTALL,
)
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}(?:%[0-9a-fA-F]{2})*")  # a character's bytes
_SURROGATE = re.compile("[\ud800-\udfff]")
_JS_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}
_NAME_SEPARATORS = re.compile(r"[-_+.]")


def is_private_post(meta):
    """A draft, or a post marked ``private: true`` as a whole."""
    status = meta.get("status")
    return (isinstance(status, str) and status.strip().lower() == "draft") or (
        meta.get("private") is True
    )


def private_texts(posts, file_names=()):
    """The distinctive private strings of a journal, to scan the output for.

    ``posts`` are ``(front matter dict, body)`` pairs. ``file_names`` are the
    names of the other files the site may publish (its images...): one that
    a private post mentions is private too, since a published file of that
    name would give the post away. A private string that also stands in some
    public post is not distinctive and is left out.
    """
    private, public = set(), []
    for meta, body in posts:
        if is_private_post(meta):
            private.update(strings_in(meta))
            lines = (_MARKDOWN_PREFIX.sub("", line) for line in body.splitlines())
            private.update(line for line in lines if len(line) >= MIN_LINE_LENGTH)
            words = _decoded(" ".join([*strings_in(meta), body])).lower()
            private.update(name for name in file_names if name.lower() in words)
            continue
        private.update(strings_in(meta.get("private")))
        public.append(body)
        for key, value in meta.items():
            if key in LOG_KEYS and isinstance(value, list):
                private.update(_private_item_strings(value))
                public.extend(strings_in([i for i in value if not _is_private(i)]))
            elif key != "private":
                public.extend(strings_in(value))
    corpus = " ".join(" ".join(public).split()).lower()
    return {
        text
        for text in (" ".join(t.split()) for t in private)
        if len(text) >= MIN_LENGTH and text.lower() not in corpus
    }


def _is_private(item):
    return isinstance(item, dict) and item.get("private", False) is not False


def _private_item_strings(items):
    for item in items:
        if _is_private(item):
            for key, value in item.items():
                if key not in NOT_DISTINCTIVE:
                    yield from strings_in(value)


class Leak(NamedTuple):
    """Private text found in a published file's content or name, or a file the
    scan could not read to its end (``where`` is ``"unchecked"``; ``text``
    then says why)."""

    path: str  # relative to the output folder, with "/"
    text: str
    where: str  # "content", "name" or "unchecked"

    def __str__(self):
        if self.where == "unchecked":
            return f"{self.path}: cannot be checked: {self.text}"
        place = "its name contains" if self.where == "name" else "contains"
        return f"{self.path}: {place} private text {self.text[:40]!r}"


def find_leaks(output_dir, texts):
    """Every ``Leak`` of ``texts`` in ``output_dir``, sorted by path.

    Each file's and folder's name and each file's content are scanned,
    compared without regard to case or to how whitespace is written, after
    undoing what a published file may wrap text in: JSON and JavaScript
    string escapes, HTML and XML entities (escaped twice, as in a feed's
    HTML, too), percent-encoding and gzip compression. In a name, ``-``,
    ``_``, ``+`` and ``.`` count as spaces. A file that cannot be read
    through is a leak too: the scan fails closed.
    """
    if not texts:
        return []
    in_content, in_names = _Needles(texts, _fold), _Needles(texts, _name_fold)
    leaks = set()
    for folder, dirs, files in os.walk(output_dir):
        relative = os.path.relpath(folder, output_dir)
        for name in dirs + files:
            path = posixpath.normpath(posixpath.join(relative, name))
            found = in_names.found(_name_fold(_decoded(name)))
            leaks.update(Leak(path, text, "name") for text in found)
        for name in files:
            path = posixpath.normpath(posixpath.join(relative, name))
            try:
                found = in_content.found(_scanned(os.path.join(folder, name)))
            except _Unreadable as reason:
                leaks.add(Leak(path, str(reason), "unchecked"))
            else:
                leaks.update(Leak(path, text, "content") for text in found)
    return sorted(leaks)


class _Needles:
    """Private texts, all found in one pass over a text.

    One regular expression shaped as a trie of the texts, so that a thousand
    texts cost about what ten do. Each text is looked for as written and
    with its own escapes undone.
    """

    def __init__(self, texts, fold):
        self._texts = {}
        for text in texts:
            for variant in (text, _decoded(text)):
                if key := fold(variant):
                    self._texts.setdefault(key, text)
        self._patterns = _compiled(sorted(self._texts))

    def found(self, haystack):
        """The texts in ``haystack``: lower case, names folded like the keys."""
        return {
            self._texts[" ".join(match.group(0).split())]
            for pattern in self._patterns
            for match in pattern.finditer(haystack)
        }


def _compiled(keys):
    """One pattern for ``keys``, or several when one would nest too deep for
    ``re`` (hundreds of texts, each the start of the next)."""
    if not keys:
        return []
    try:
        return [re.compile(_trie_pattern(keys))]
    except (RecursionError, re.error):
        if len(keys) == 1:
            raise
        half = len(keys) // 2
        return _compiled(keys[:half]) + _compiled(keys[half:])


def _fold(text):
    return " ".join(text.lower().split())


def _name_fold(name):
    return _fold(_NAME_SEPARATORS.sub(" ", name))


def _trie_pattern(keys):
    r"""A pattern matching any of ``keys``, with ``\s+`` for each space."""
    trie = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}  # a key ends here
    return _node_pattern(trie)


def _node_pattern(node):
    pieces = []
    while len(node) == 1 and "" not in node:  # no branch: no group, no recursion
        ((char, node),) = node.items()
        pieces.append(_char_pattern(char))
    branches = [
        _char_pattern(char) + _node_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if branches:
        group = "(?:" + "|".join(branches) + ")"
        pieces.append(group + "?" if "" in node else group)
    return "".join(pieces)


def _char_pattern(char):
    return r"\s+" if char == " " else re.escape(char)


class _Unreadable(Exception):
    """A file the scan cannot read to its end; the message says why."""


def _scanned(path):
    """The text to scan in the file at ``path``: decompressed, decoded, lower case."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise _Unreadable(f"cannot be read ({error.strerror})") from None
    for _layer in range(MAX_GZIP_LAYERS + 1):
        if data[:2] != _GZIP_MAGIC:
            return _decoded(data.decode("utf-8", errors="replace")).lower()
        data = _gunzip(data)
    raise _Unreadable(f"gzip inside gzip more than {MAX_GZIP_LAYERS} deep")


def _gunzip(data):
    """Every gzip member at the start of ``data`` decompressed, then the rest."""
    out, size = [], 0
    while data[:2] == _GZIP_MAGIC:
        member = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            chunk = member.decompress(data, MAX_DECOMPRESSED - size + 1)
        except zlib.error as error:
            raise _Unreadable(f"damaged gzip data ({error})") from None
        size += len(chunk)
        if size > MAX_DECOMPRESSED:
            raise _Unreadable(f"decompresses to over {MAX_DECOMPRESSED >> 20} MB")
        if not member.eof:
            raise _Unreadable("damaged gzip data (it ends too soon)")
        out.append(chunk)
        data = member.unused_data
    return b"".join([*out, data])


def _decoded(text):
    """``text`` with escapes undone, and escapes inside escapes."""
    for _round in range(DECODE_ROUNDS):
        before = text
        if "\\" in text:
            text = _JS_ESCAPE.sub(_js_char, text)
            if _SURROGATE.search(text):  # "\ud83d\ude00" was one character
                text = text.encode("utf-16", "surrogatepass").decode(
                    "utf-16", "replace"
                )
        if "&" in text:
            text = html.unescape(text)
        if "%" in text:
            text = _PERCENT.sub(_unquoted, text)
        if text == before:
            break
    return text


def _unquoted(match):
    return unquote(match.group(0), errors="replace")


def _js_char(match):
    code = match.group("braced") or match.group("u4") or match.group("x2")
    if code:
        return chr(min(int(code, 16), sys.maxunicode))
    return _JS_SIMPLE.get(match.group("char"), match.group("char"))
