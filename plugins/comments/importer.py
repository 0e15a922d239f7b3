"""``import-comments SOURCE``: tell the format, read it, store what is new.

SOURCE is a file path or an http(s) URL. A WordPress export (WXR), a comment
feed (RSS or Atom) and an mbox are told apart by their first bytes. A WXR
file is streamed; a feed is read whole, so it has a size cap.
"""

from io import BytesIO
from pathlib import Path

from plugins.wordpress.comments import read_wxr

from .import_feed import MAX_BYTES, fetch, read_feed
from .import_mbox import read_mbox
from .importing import Report, SourceError, store

SNIFF_BYTES = 8192
NOT_KNOWN = "not a WordPress export, a comment feed or an mbox"


def detect(head):
    """``"wxr"``, ``"feed"`` or ``"mbox"`` from a source's first bytes."""
    if head.startswith(b"From "):
        return "mbox"
    lowered = head.lower()
    if b"wordpress.org/export/" in lowered:
        return "wxr"
    if any(tag in lowered for tag in (b"<feed", b"<rss", b"<rdf:rdf")):
        return "feed"
    return None


def import_comments(source, folder, index, tz, *, with_email=False, **fetching):
    """Import ``source`` into the store at ``folder``; return the Report.

    Raises SourceError, having written nothing, if the source cannot be read.
    """
    report = Report()
    if source.startswith(("http://", "https://")):
        data = fetch(source, **fetching)
        kind = detect(data[:SNIFF_BYTES])
        if kind == "wxr":
            found = read_wxr(BytesIO(data), index, report, tz, with_email=with_email)
        elif kind == "feed":
            found = read_feed(data, index, report, with_email)
        else:
            raise SourceError(f"{source}: not a WordPress export or a comment feed")
        return store(folder, found, report)
    found = _read_file(Path(source), index, report, tz, with_email)
    return store(folder, found, report)


def _read_file(path, index, report, tz, with_email):
    try:
        with path.open("rb") as handle:
            kind = detect(handle.read(SNIFF_BYTES))
            handle.seek(0)
            if kind == "wxr":
                return read_wxr(handle, index, report, tz, with_email=with_email)
            if kind == "feed":
                data = handle.read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    raise SourceError(f"{path}: a feed larger than {MAX_BYTES} bytes")
                return read_feed(data, index, report, with_email)
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror})") from None
    if kind == "mbox":
        return read_mbox(path, index, report, with_email)
    raise SourceError(f"{path}: {NOT_KNOWN}")
