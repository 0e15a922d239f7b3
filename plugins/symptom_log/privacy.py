"""What is private in a post, and a scan proving none of it was published.

Private is: an item with ``private: true``, the ``private:`` block, and a whole
post with ``status: draft`` or ``private: true``. The reader drops all of it
before rendering; ``find_leaks`` is the independent check that runs over every
byte of the output before a publish is allowed to land.
"""

import html
import os
import re

MIN_LENGTH = 6
MIN_LINE_LENGTH = 16  # a line of a draft's body; shorter ones are too common
LOG_KEYS = ("episodes", "medications", "visits")
# Fields whose values are vocabulary or dates, shared with public entries.
NOT_DISTINCTIVE = ("at", "date", "side", "site", "symptom", "change", "private")
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#+|[-*+>]|\d+\.)?\s*")


def is_private_post(meta):
    """A draft, or a post marked ``private: true`` as a whole."""
    status = meta.get("status")
    return (isinstance(status, str) and status.strip().lower() == "draft") or (
        meta.get("private") is True
    )


def private_texts(posts):
    """The distinctive private strings of a journal, to scan the output for.

    ``posts`` are ``(front matter dict, body)`` pairs. A private string that
    also stands in some public post is not distinctive and is left out.
    """
    private, public = set(), []
    for meta, body in posts:
        if is_private_post(meta):
            private.update(_strings(meta))
            lines = (_MARKDOWN_PREFIX.sub("", line) for line in body.splitlines())
            private.update(line for line in lines if len(line) >= MIN_LINE_LENGTH)
            continue
        private.update(_strings(meta.get("private")))
        public.append(body)
        for key, value in meta.items():
            if key in LOG_KEYS and isinstance(value, list):
                private.update(_private_item_strings(value))
                public.extend(_strings([i for i in value if not _is_private(i)]))
            elif key != "private":
                public.extend(_strings(value))
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
                    yield from _strings(value)


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def find_leaks(output_dir, texts):
    """``(relative path, text)`` for every private text found in ``output_dir``.

    A text counts as found raw, HTML/XML-escaped, or with its whitespace
    changed, in any file, compared without regard to case.
    """
    if not texts:
        return []
    variants = {}
    for text in texts:
        escaped = html.escape(text)
        for variant in {text, escaped, escaped.replace("&#x27;", "&#39;")}:
            variants[" ".join(variant.lower().split())] = text
    pattern = re.compile(
        "|".join(r"\s+".join(map(re.escape, v.split())) for v in variants),
        re.IGNORECASE,
    )
    leaks = []
    for folder, _dirs, files in os.walk(output_dir):
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                content = handle.read().decode("utf-8", errors="replace")
            for match in pattern.finditer(content):
                found = " ".join(match.group(0).lower().split())
                leaks.append((os.path.relpath(path, output_dir), variants[found]))
    return sorted(set(leaks))
