"""Where each imported post goes, which old addresses lead to it, and how the
links between posts find their new homes; no Pelican here.

A post keeps its address: when the blog used WordPress's day-and-name links
(``2012/02/04/slug/``, the WordPress.com default) the post is published
exactly there (``permalink:`` when the site's own rule would give another
day: the blog's time zone may not be ours); a page keeps its path under its
parents (``about/contact/``). A post whose blog used another structure
(``/slug/``, ``/archives/123/``) is published at the journal's own address,
and its old one gets a redirect page (``redirect_from:``); so does a plain
``?p=123`` link, which a static host cannot serve as a file (see
plugins/redirects). An old address inside a folder the site's own pages use
(``tags/``), or one another post took first, cannot be kept: the report
says so.
"""

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from plugins.common import addresses as checked
from plugins.common.paths import is_safe_segment
from plugins.frontmatter_reader.source import MAX_SLUG

DAY_AND_NAME = re.compile(r"\d{4}/\d{2}/\d{2}/[^/]+/")


@dataclass
class Blog:
    """The blog the export came from: its hosts and the folder it lives in."""

    hosts: set = field(default_factory=set)
    base: str = ""  # "blog/" for a blog at https://host/blog/
    url: str = ""  # its address, against which a link from its root is read

    @classmethod
    def of(cls, base_urls, links=()):
        """From the export's base addresses, else the first item's link."""
        blog = cls()
        for url in [*base_urls, *links]:
            parts = _split(url)
            if parts is None or not parts.hostname:
                continue
            blog.hosts.add(parts.hostname.lower())
            if not blog.url:
                folder = parts.path.strip("/") if url in base_urls else ""
                blog.base = f"{folder}/" if folder else ""
                blog.url = f"{parts.scheme}://{parts.netloc}/{blog.base}"
        return blog

    def old_address(self, link):
        """``("path", "a/b/")`` or ``("p" | "page_id", "123")`` for a link into
        the blog (absolute, or from its root), else None. Percent-encoding is
        read: a non-ASCII slug is its letters."""
        parts = _split(link)
        if parts is None or not (parts.hostname or parts.path.startswith("/")):
            return None
        if parts.hostname and parts.hostname.lower() not in self.hosts:
            return None
        path = unquote(parts.path).lstrip("/")
        path = path.removeprefix(self.base) if self.base else path
        if path.strip("/") in ("", "index.php"):
            query = parse_qs(parts.query)
            for name in ("p", "page_id"):
                number = (query.get(name) or [""])[0]
                if checked.numbered(f"?{name}={number}"):
                    return name, number
            return None
        normal = posixpath.normpath(path)
        if normal.startswith(".."):
            return None
        return "path", normal + ("/" if path.endswith("/") else "")


def _split(url):
    try:
        parts = urlsplit(url or "")
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return None
    return parts


def slug_for(item, title_slug):
    """A post's slug: WordPress's own if it can name a folder here, else one
    made from the title, else ``wp-ID``; None when there is none of them."""
    wanted = unquote(item.slug).strip().lower()
    for candidate in (wanted, title_slug, f"wp-{item.id}" if item.id else ""):
        if candidate and len(candidate) <= MAX_SLUG and is_safe_segment(candidate):
            return candidate
    return None


def kept_path(old):
    """``old`` (a path address) if the journal can publish or redirect at it."""
    if old is None or old[0] != "path":
        return None
    value = old[1]
    return value if checked.redirect_from(value)[1] is None else None


def is_day_and_name(path, slug):
    return bool(DAY_AND_NAME.fullmatch(path)) and path.rstrip("/").endswith(slug)


def numbered_address(old):
    """``?p=123`` for a numbered old address, else None."""
    return f"?{old[0]}={old[1]}" if old and old[0] in ("p", "page_id") else None
