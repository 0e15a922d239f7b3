"""The pictures, sounds, videos and PDFs the imported posts use.

Only what a post's body shows or links to is listed (an attachment no post
uses could be a private post's scan, and a file nothing mentions would be
published), and only files on the blog's own hosts are downloaded: another
site's picture stays theirs, at its address. With ``--media`` each is
fetched through the shared HTTP client (its deadline, size caps and allowed
hosts) into ``content/images/YYYY/MM/``, after its type is checked twice:
the server's word and the file's first bytes. An HTML page, an SVG (it can
hold a script) or a file that is not what its name says is refused, and the
post keeps the old address. A file already there is never fetched again nor
overwritten.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from plugins.common.files import create_exclusive
from plugins.common.http import FetchError, Job, Limits, fetch, fetch_all

FOLDER = "images"
LIMITS = Limits(timeout=60, max_bytes=100_000_000, max_decompressed=100_000_000)
# What a file's first bytes are, by the extension that names it.
_JPEG, _MP4, _OGG = (b"\xff\xd8\xff",), ((4, b"ftyp"),), (b"OggS",)
SIGNATURES = {
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": ((8, b"WEBP"),),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "m4a": _MP4,
    "mp4": _MP4,
    "m4v": _MP4,
    "mov": _MP4,
    "ogg": _OGG,
    "oga": _OGG,
    "ogv": _OGG,
    "webm": (b"\x1a\x45\xdf\xa3",),
    "wav": ((8, b"WAVE"),),
    "pdf": (b"%PDF-",),
}
TYPES = ("image/", "audio/", "video/", "application/pdf", "application/octet-stream")
_DATED = re.compile(r"/((?:19|20|21)\d{2})/(0[1-9]|1[0-2])/[^/]+$")
_NOT_IN_NAME = re.compile(r"[^\w-]+")


@dataclass(frozen=True)
class Medium:
    """One file a post uses: where it is now and where it would go here."""

    url: str  # absolute, without a query
    local: str  # "images/2012/02/name.jpg", under the content folder


def absolute(url, base):
    """``url`` made absolute against the blog's address, without its query
    (``?w=300`` asks WordPress for a size: the file is the same)."""
    try:
        parts = urlsplit(urljoin(base, url.strip()))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def extension(url):
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def is_medium(url):
    return extension(url) in SIGNATURES


def local_name(url, when):
    """``images/YYYY/MM/name.ext``: the year and month of WordPress's own
    folders when the address has them, else of ``when`` (the post's date)."""
    path = unquote(urlsplit(url).path)
    dated = _DATED.search(path)
    year, month = dated.groups() if dated else (f"{when:%Y}", f"{when:%m}")
    stem = path.rsplit("/", 1)[-1].rpartition(".")[0]
    stem = _NOT_IN_NAME.sub("-", stem).strip("-_")[:100] or "file"
    return f"{FOLDER}/{year}/{month}/{stem}.{extension(url)}"


def plan(found, hosts):
    """``{url: Medium}`` of the files in ``found`` (``(url, date)`` pairs, in
    the order the posts use them) that are on ``hosts``; two different files
    that would get one name get ``-2``, ``-3``..."""
    planned, names = {}, set()
    for url, when in found:
        if url in planned or (urlsplit(url).hostname or "").lower() not in hosts:
            continue
        local = local_name(url, when)
        stem, dot, ext = local.rpartition(".")
        number = 1
        while local in names:
            number += 1
            local = f"{stem}-{number}{dot}{ext}"
        names.add(local)
        planned[url] = Medium(url, local)
    return planned


def download(media, content, limits=LIMITS, deadline=900, on_result=None):
    """Fetch every medium not already under ``content``; return ``{url:
    "saved" | "present" | why not}``. Never overwrites a file.
    ``on_result(medium, outcome, done, total)`` follows the downloads."""
    outcome, jobs = {}, []
    for medium in media:
        if (content / medium.local).exists():
            outcome[medium.url] = "present"
        else:
            jobs.append(Job(key=medium.url, url=medium.url, limits=limits))
    by_url = {medium.url: medium for medium in media}

    def work(job, ends):
        response = fetch(job.url, limits=job.limits, deadline=ends)
        _check_type(by_url[job.url], response)
        try:
            create_exclusive(content / by_url[job.url].local, response.body)
        except FileExistsError:
            return "present"
        return "saved"

    count = iter(range(1, len(jobs) + 1))

    def done(key, result):
        outcome[key] = str(result) if isinstance(result, FetchError) else result
        if on_result:
            on_result(by_url[key], outcome[key], next(count), len(jobs))

    fetch_all(jobs, concurrency=4, deadline_seconds=deadline, work=work, on_result=done)
    return outcome


def _check_type(medium, response):
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not kind.startswith(TYPES):
        raise FetchError("type", f"not a picture or file ({kind or 'no type'})")
    if not _starts_as(response.body, SIGNATURES[extension(medium.url)]):
        raise FetchError("type", f"not a .{extension(medium.url)} file")


def _starts_as(data, signatures):
    for signature in signatures:
        offset, magic = signature if isinstance(signature, tuple) else (0, signature)
        if data[offset : offset + len(magic)] == magic:
            return True
    return False
