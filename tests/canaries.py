"""Canaries: unique words planted where only private things go, looked for in
every published byte.

A canary is any word ``canary-...`` (or ``CANARY...``) in a fixture file's
name or bytes; it must be unique and stand only where it is private. The
search is independent of the publish's own privacy scan: every file and
folder name and every file's content, gzip undone, JSON/JavaScript escapes,
entities and percent-encoding decoded.
"""

import gzip
import html
import re
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote

CANARY = re.compile(r"canary[\w-]+", re.IGNORECASE)
_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\(.)", re.DOTALL)


def canaries_in(paths):
    """Every canary in the names and bytes of the files at ``paths``."""
    found = set()
    for path in map(Path, paths):
        for text in (path.name, path.read_bytes().decode("utf-8", "replace")):
            found.update(word.lower() for word in CANARY.findall(unquote(text)))
    return found


def readable(data):
    """What a browser or a script gets from ``data``: gunzipped, unescaped."""
    while data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8", "replace")
    text = _JS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], text)
    return unquote(html.unescape(html.unescape(text))).lower()


def leaked(folder, canaries):
    """``(path, canary)`` for each canary in a name or file under ``folder``."""
    found = set()
    for path in sorted(Path(folder).rglob("*")):
        relative = str(path.relative_to(folder))
        texts = [unquote(path.name).lower()]
        if path.is_file():
            texts.append(readable(path.read_bytes()))
        found.update(
            (relative, canary)
            for text in texts
            for canary in canaries
            if canary in text
        )
    return found


def png(text):
    """A 1x1 PNG whose metadata (a tEXt chunk, as a camera writes) says ``text``."""

    def chunk(kind, body):
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"tEXt", b"Comment\x00" + text.encode()),
            chunk(b"IDAT", zlib.compress(b"\x00\x00")),
            chunk(b"IEND", b""),
        ]
    )
