"""Each post's likes, boosts, reposts and bookmarks; no Pelican.

``invoke fetch-comments`` keeps them beside the post's comments, in
``content/comments/<post-slug>/reactions.json``::

    {"mastodon": {"likes": 4, "boosts": 2}, "bluesky": {"likes": 3}}

so that the build, which never goes online, reads them from the content as
it reads the comments. A count a source did not give is absent, never 0.
A file that cannot be read is reported and its counts are not shown.
"""

import json
import os
from pathlib import Path

from plugins.common.files import write_atomic
from plugins.common.paths import is_inside, is_safe_segment
from plugins.common.problems import Problem

from .replies import count

FILE = "reactions.json"
MAX_FILE_BYTES = 4096
COUNTED = {
    "mastodon": ("likes", "boosts"),
    "bluesky": ("likes", "reposts"),
    "webmention": ("likes", "reposts", "bookmarks"),
}
WHERE = {"mastodon": "on Mastodon", "bluesky": "on Bluesky", "webmention": "on the web"}
ONE = {"likes": "like", "boosts": "boost", "reposts": "repost", "bookmarks": "bookmark"}


def reactions_text(reactions):
    """``4 likes and 2 boosts on Mastodon, 3 likes on Bluesky``; "" if none."""
    parts = []
    for source, names in COUNTED.items():
        counted = [
            f"{n} {ONE[name] if n == 1 else name}"
            for name in names
            if (n := (reactions or {}).get(source, {}).get(name))
        ]
        if counted:
            listed = ", ".join(counted[:-1]) + " and " if counted[1:] else ""
            parts.append(f"{listed}{counted[-1]} {WHERE[source]}")
    return ", ".join(parts)


def load_reactions(folder, base=None):
    """``({slug: reactions}, [Problem])`` of every post folder under ``folder``."""
    folder = os.fspath(folder)
    found, problems = {}, []
    if not os.path.isdir(folder):
        return found, problems
    prefix = os.path.join(os.fspath(base), "") if base else ""
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        path = os.path.join(entry.path, FILE)
        if not entry.is_dir() or not os.path.isfile(path):
            continue
        reactions, found_problems = read_reactions(path, path.removeprefix(prefix))
        problems += found_problems
        if reactions:
            found[entry.name] = reactions
    return found, problems


def read_reactions(path, shown):
    """``(reactions or None, [Problem])`` of one file; problems are warnings."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
        value = json.loads(data)
    except (OSError, ValueError, RecursionError) as error:
        return None, [_problem(shown, "file", f"cannot be read ({error})")]
    if not isinstance(value, dict):
        return None, [_problem(shown, "file", "must be a JSON object")]
    reactions, problems = {}, []
    for source, counts in value.items():
        names = COUNTED.get(source)
        if names is None or not isinstance(counts, dict):
            problems.append(_problem(shown, str(source), "unknown source"))
            continue
        for name, number in counts.items():
            if name in names and count(number) is not None:
                reactions.setdefault(source, {})[name] = number
            else:
                problems.append(_problem(shown, f"{source}.{name}", "not a count"))
    return reactions, problems


def _problem(shown, field, message):
    return Problem(shown, 1, field, message, "warning")


def update_reactions(folder, slug, changes):
    """Set each source's counts in ``changes`` (None: remove them) for the
    post ``slug``; the file is replaced atomically, only when it changes."""
    if not is_safe_segment(slug):
        return
    path = Path(folder) / slug / FILE
    if not is_inside(path, folder):
        return
    reactions = {}
    if path.is_file():
        reactions = read_reactions(path, str(path))[0] or {}
    updated = dict(reactions)
    for source, counts in changes.items():
        if counts:
            updated[source] = {
                name: counts[name] for name in COUNTED[source] if name in counts
            }
        else:
            updated.pop(source, None)
    if updated == reactions:
        return
    if not updated:
        path.unlink(missing_ok=True)
        return
    write_atomic(path, json.dumps(updated, sort_keys=True) + "\n")
