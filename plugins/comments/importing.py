"""What every importer shares: matching posts, checked fields, the report, storing.

An importer reads its source into candidate ``Comment``s, checking every
field it uses; a comment it cannot use raises ``Skip`` with the reason, and
``read_each`` counts it in the report and goes on. ``store`` then writes the
new ones, each atomically and never over an existing file, so that a
second run of the same import changes nothing.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from plugins.common.paths import is_safe_segment
from plugins.common.text import plain_text, xml_safe

from .render import clean_html
from .store import MAX_AUTHOR, NotStorable, existing_ids, new_file, write_files

MAX_BODY_CHARS = 100_000
MAX_NUMBER_DIGITS = 20  # of a numbered id: more than WordPress's 64-bit ids
MAX_ADDRESS = 254  # characters of an email address (RFC 5321)
# A comment's date: none is older than the web; a clock may run a day ahead.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)
# What reading untrusted XML raises: ParseError, defusedxml's refusals (each
# a ValueError), and LookupError or ValueError for a declared encoding that
# expat cannot read ("x-klingon", "utf-7").
UNREADABLE_XML = (ParseError, LookupError, ValueError)


class SourceError(Exception):
    """The source cannot be imported at all; nothing was written."""


class Skip(Exception):
    """One comment is left out of an import; the argument is the report's reason.

    The reason is always our own few words: no text from a source reaches it.
    """


@dataclass
class Report:
    """``N new, N already present, N skipped (why)``."""

    new: int = 0
    present: int = 0
    skipped: Counter = field(default_factory=Counter)
    written: list = field(default_factory=list)

    def skip(self, reason):
        self.skipped[reason] += 1

    def __str__(self):
        skipped = sum(self.skipped.values())
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        text = f"{self.new} new, {self.present} already present, {skipped} skipped"
        return text + (f" ({why})" if why else "")


@dataclass(frozen=True)
class PostIndex:
    """Finds our post for a link (by its path) or a slug."""

    by_path: dict
    slugs: frozenset

    @classmethod
    def from_posts(cls, posts):
        """``posts`` are ``(slug, url)`` pairs, url like ``2026/03/14/slug/``.

        A slug that is not one safe path segment is left out: it could name a
        folder outside the store, so no comment may be matched to its post.
        """
        safe = [(slug, url) for slug, url in posts if is_safe_segment(slug)]
        by_path = {url.strip("/"): slug for slug, url in safe}
        return cls(by_path, frozenset(slug for slug, _url in safe))

    def match(self, link=None, slug=None):
        path = _path(link)
        if path:
            if path in self.by_path:
                return self.by_path[path]
            last = path.rsplit("/", 1)[-1]
            if last in self.slugs:
                return last
        if slug and slug in self.slugs:
            return slug
        return None


def _path(link):
    """The path of ``link`` without its slashes; "" if it cannot be read."""
    try:
        return urlsplit(link or "").path.strip("/")
    except ValueError:  # "http://[host" and the like
        return ""


def read_each(items, read, report):
    """``read(item)`` of each item; one that raises Skip is counted in ``report``."""
    found = []
    for item in items:
        try:
            found.append(read(item))
        except Skip as skip:
            report.skip(str(skip))
    return found


def stable_id(prefix, *parts):
    """``prefix-`` and a hash of ``parts``: the same source gives the same id.

    A lone surrogate (UTF-7 can make one) is hashed as it is, never refused.
    """
    text = "\x1f".join(str(p) for p in parts)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}-{digest[:16]}"


_NUMBER = re.compile(f"[0-9]{{1,{MAX_NUMBER_DIGITS}}}")
_WP_COMMENT = re.compile(r"#comment-([0-9]+)\Z")


def numbered_id(prefix, text):
    """``prefix-N`` for ``text`` of 1 to 20 ASCII digits, else None.

    Leading zeros are dropped as text, never through ``int()``: ``isdigit()``
    and ``int()`` also take ``²``, Arabic-Indic or fullwidth digits, and a
    10,000-digit number is past Python's int-string limit (and too long for
    a file name).
    """
    if not _NUMBER.fullmatch(text):
        return None
    return f"{prefix}-{text.lstrip('0') or '0'}"


def wordpress_id(link):
    """``wp-N`` for a WordPress comment link ending ``#comment-N``, else None."""
    match = _WP_COMMENT.search(link or "")
    return numbered_id("wp", match.group(1)) if match else None


def author_name(value):
    """A commenter's name as one line of plain text, without what XML forbids."""
    return plain_text(str(value or ""), MAX_AUTHOR) or "Anonymous"


_NOT_IN_ADDRESS = r"\s@<>()\[\],;:\\\""
_ADDRESS = re.compile(
    f"[^{_NOT_IN_ADDRESS}]+@[^{_NOT_IN_ADDRESS}.]+(?:\\.[^{_NOT_IN_ADDRESS}.]+)+"
)


def email_address(value):
    """``value`` trimmed if it looks like one email address, else None.

    ``invoke publish`` scans the site for every stored address: a word such
    as "a", kept as one, would stop every publish.
    """
    text = str(value or "").strip()
    if len(text) <= MAX_ADDRESS and _ADDRESS.fullmatch(text):
        return text
    return None


def body_text(html_or_text):
    """A comment body for the store: cleaned, so no script ever reaches disk.

    Control characters and lone surrogates (a UTF-7 email can hold one) are
    dropped first: the store reads files without them, and nh3 cannot take
    a surrogate at all.
    """
    return clean_html(xml_safe(html_or_text or "")).strip()


def store(folder, candidates, report, write=True):
    """Write each new candidate; count present, duplicate and refused ones.

    ``write=False`` checks and counts everything and writes nothing.

    Every candidate is checked as the store checks it before anything is
    written, so a comment the store refuses is skipped with the store's
    reason, and a reply to it loses its ``replyto``, as a reply to a skipped
    comment, or to one on another post, does. Every file is synced to disk
    before its name appears, so a crash leaves whole comments or none; all
    are synced at once, because the disk's sync, not Python, is what an
    import of thousands waits for.
    """
    present = existing_ids(folder)
    checked, kept, inside = [], {}, set()
    for candidate in candidates:
        if candidate.id in present:
            report.present += 1
        elif candidate.id in kept:
            report.skip("duplicate id")
        else:
            new, reason = _checked(folder, candidate, inside)
            if reason:
                report.skip(reason)
                continue
            kept[candidate.id] = candidate.post
            checked.append((candidate, new))
    known = present | kept  # id -> the post it is on
    if not write:
        report.new += len(checked)
        return report
    files = [
        new_file(folder, replace(c, replyto=None))
        if c.replyto and known.get(c.replyto) != c.post
        else new
        for c, new in checked
    ]
    written = write_files(files)
    report.new += len(written)
    report.present += len(files) - len(written)
    report.written += written
    return report


def _checked(folder, comment, inside):
    """``(NewFile, None)`` if ``comment`` can be stored, else ``(None, reason)``.

    A date before 1990 or in the future is refused first: the year 1 or 9999
    is no date (the store would not read it back); then the store's reason.
    """
    if not EARLIEST <= comment.date <= datetime.now(UTC) + AHEAD:
        return None, "bad date"
    try:
        return new_file(folder, comment, inside), None
    except NotStorable as refused:
        return None, refused.reason
