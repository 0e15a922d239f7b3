"""Full-text search: Pagefind's index of the built posts; no Pelican here.

Pagefind (PyPI ``pagefind[bin]`` ships its binary) reads the HTML the build
wrote and writes a folder of small compressed files that the search page
fetches as it needs them: every word of every post, ranked, with excerpts.
It indexes only an element marked ``data-pagefind-body`` (``--root-selector``):
the theme marks a post's title and text, and nothing on any other page, so
neither the footer's blogroll nor another journal's posts, nor a list page,
is ever in the index. It still reads the whole page: a post's chart and its
tables, outside that element, are half of Pagefind's time (0.6 of 1.2 s CPU
for 1,000 posts, measured by removing them). It reads
only what was published, so nothing private either; ``invoke publish`` scans
its files like every other (they are gzip, which the scan undoes).

The index is written into a fresh folder and swapped in whole for the old
one. If Pagefind fails, the old index is removed too: the search page then
says so, rather than answer from posts that may no longer be public.

``site_stamp`` says what Pagefind would read and what it wrote: every HTML
file's name and stat (a build leaves an unchanged page's file, and its
times, alone), and the index's own files. A build whose stamp is the one
recorded after the last index has nothing new to index.
"""

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from plugins.common.files import replace_tree

BUNDLE = "pagefind"  # the index's folder in the output, as search.js loads it
MARKED = "[data-pagefind-body]"
# Charts a writer put into a post's text ([timeline] markers): not words.
NOT_WORDS = "figure.timeline"
DEFAULTS = {"timeout": 60}  # seconds Pagefind may take
MAX_TIMEOUT = 3600
# Pagefind's ready-made interfaces: the site has its own (theme/static/js/search.js).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why, on one line."""


@dataclass
class SearchConfig:
    timeout: float
    problems: list = field(default_factory=list)


def read_config(settings):
    """Merge ``settings`` (the SEARCH dict) over DEFAULTS; list each bad key."""
    merged = dict(DEFAULTS, **(settings or {}))
    problems = [f"unknown setting {key!r}" for key in merged if key not in DEFAULTS]
    timeout = merged["timeout"]
    if not (
        isinstance(timeout, int | float)
        and not isinstance(timeout, bool)
        and 0 < timeout <= MAX_TIMEOUT
    ):
        problems.append(
            f"timeout must be a number of seconds, over 0 and at most {MAX_TIMEOUT},"
            f" got {timeout!r}"
        )
        timeout = DEFAULTS["timeout"]
    return SearchConfig(timeout, problems)


def executable():
    """The Pagefind binary that ``pagefind[bin]`` installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError(
            "Pagefind is not installed (pip install -r requirements.txt)"
        ) from None
    return get_executable()


def index_site(output, language, timeout):
    """Index the marked pages of ``output`` into ``output/pagefind``.

    Returns the number of pages indexed; 0 (and no index) when no page is
    marked, as in a journal with no public post yet. Raises
    ``SearchIndexError`` when Pagefind fails or takes over ``timeout`` seconds.
    """
    output = Path(output)
    target, staging = output / BUNDLE, output / f".{BUNDLE}.new"
    shutil.rmtree(staging, ignore_errors=True)  # left by a build that was killed
    try:
        done = _run(output, staging, language, timeout)
        pages = _pages(staging)
        if done.returncode and pages == 0 and "Indexed 0 pages" in done.stdout:
            shutil.rmtree(target, ignore_errors=True)
            return 0
        if done.returncode:
            raise SearchIndexError(f"Pagefind failed: {_last_line(done)}")
        for name in UNUSED:
            (staging / name).unlink(missing_ok=True)
        replace_tree(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)  # never an index of another build
        raise
    return pages


def _run(output, staging, language, timeout):
    command = [
        str(executable()),
        *("--site", str(output), "--output-path", str(staging)),
        *("--root-selector", MARKED, "--exclude-selectors", NOT_WORDS),
        *("--force-language", language),
    ]
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind did not finish in {timeout:g} s") from None
    except OSError as error:
        raise SearchIndexError(f"Pagefind cannot run ({error.strerror})") from None


def site_stamp(output, language):
    """A hash of the HTML files of ``output`` and of its index, by name and
    stat (size, modification and change times in ns, inode), and of what
    the index is made with."""
    output = os.fspath(output)
    digest = hashlib.sha256(f"{language}\0{executable()}".encode())
    for relative, entry in _walk(output, ""):
        info = entry.stat()
        stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        digest.update(f"{relative}\0{stat}\0".encode())
    return digest.hexdigest()


def _walk(folder, prefix, inside=False):
    """``(path relative to the output, DirEntry)`` of every HTML file and
    every file of the index, in name order (``inside``: in the index)."""
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if prefix or entry.name != f".{BUNDLE}.new":
                into = inside or (not prefix and entry.name == BUNDLE)
                yield from _walk(entry.path, f"{prefix}{entry.name}/", into)
        elif inside or entry.name.endswith(".html"):
            yield prefix + entry.name, entry


def _pages(bundle):
    """How many pages Pagefind says it indexed, from its entry file."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(language["page_count"] for language in entry["languages"].values())


def _last_line(done):
    lines = (done.stderr or done.stdout or "").strip().splitlines()
    return lines[-1].strip() if lines else f"exit status {done.returncode}"
