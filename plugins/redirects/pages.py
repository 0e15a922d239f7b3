"""Redirect pages and the script for numbered links; no Pelican here.

A redirect only ever leads to an address of this site that the build gave
a post: the target is never text from a file, so no redirect can be turned
into a way off the site. Each page says where the post went in words too,
for readers whose browser does not follow a meta refresh.
"""

import json
import posixpath

from markupsafe import escape

# The list theme/static/js/old-addresses.js loads when an address needs it.
SCRIPT = "// Written by the build (plugins/redirects).\nwindow.OLD_ADDRESSES = %s;\n"


def target_url(site_url, from_file, url):
    """The address of ``url`` (site-relative) as the page at ``from_file``
    (its output path) links to it: absolute with an absolute SITEURL, else
    relative, so the site works from any folder."""
    if site_url.startswith(("http://", "https://")):
        return f"{site_url.rstrip('/')}/{url}"
    depth = from_file.count("/")
    return "../" * depth + url if url or depth else "./"


def redirect_html(title, target, lang="en"):
    """A page that sends the reader to ``target`` at once, and says so."""
    title, target = escape(title), escape(target)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{target}">{title}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def numbered_script(known):
    """The list for ``{"p=12": "2012/02/04/slug/"}``: site-relative addresses."""
    data = json.dumps(dict(sorted(known.items())), separators=(",", ":"))
    return SCRIPT % data.replace("</", "<\\/")


def is_site_path(url):
    """A site-relative address the build made: no scheme, host or climbing."""
    normal = posixpath.normpath(url or ".")
    return (
        ":" not in url
        and not url.startswith(("/", "\\"))
        and not normal.startswith("..")
        and "\\" not in url
    )
