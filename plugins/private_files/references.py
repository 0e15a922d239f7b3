"""Which static files only held-back posts use; no Pelican here.

A static file (an image, a PDF) that no public page links to but that a
held-back post (a draft, a private post, a post with an error) mentions would
give that post away: its name, its picture, its metadata. It is not
published. Mentions in a held-back post are read generously, failing closed:
a file's name anywhere in the post's text, links or not, percent-encoded or
not. Links from public text are read as Pelican and a browser resolve them,
so that a private file is not kept because a public page happens to name a
file of the same name elsewhere.
"""

import html
import posixpath
import re
import unicodedata
from collections import defaultdict
from urllib.parse import unquote

_EDGE = r"\s\"'<>()\[\]{}|`,\\"  # what stands around a link and never in it
_TRAILING = ".:;!?*_"  # ends a sentence, not a link


def _link_pattern(names):
    """Link targets in HTML, Markdown, metadata or a template, with Pelican's
    {static}, {attach}, {filename} (or |static|...) before them, if any.

    Only targets that end in one of the extensions of ``names`` (any, if one
    has none), so that the words of a text are passed over in C.
    """
    extensions = {posixpath.splitext(name)[1] for name in names}
    target = f"[^{_EDGE}]+"
    if "" not in extensions:
        ending = "|".join(sorted(map(re.escape, extensions)))
        target += f"?(?i:{ending})(?=[?#]|[{re.escape(_TRAILING)}]*(?:[{_EDGE}]|$))"
    return re.compile(
        f"(?<![^{_EDGE}])(?P<pelican>[{{|](?:static|attach|filename)[}}|])?"
        f"(?P<target>{target})"
    )


class StaticFiles:
    """The site's static files: ``{source path: url}``, both relative, with "/".

    The source path is relative to the content folder, as Pelican's
    ``{static}`` links are; the url is relative to the site's root.
    """

    def __init__(self, files, site_url=""):
        self._by_source, self._by_url = defaultdict(set), defaultdict(set)
        self._by_name = defaultdict(set)
        for source, url in files.items():
            self._by_source[_normal(source)].add(source)
            self._by_url[_normal(url)].add(source)
            for path in (source, url):
                self._by_name[posixpath.basename(_normal(path)).lower()].add(source)
        self._site_url = site_url.rstrip("/")
        self._links = _link_pattern(self._by_name)

    def mentioned_in(self, text):
        """The files whose name stands anywhere in ``text``."""
        text = _normal(html.unescape(text)).lower()
        return {
            source
            for name, sources in self._by_name.items()
            if name in text and re.search(rf"(?<![\w-]){re.escape(name)}(?!\w)", text)
            for source in sources
        }

    def linked_from(self, text, source="", base=""):
        """The files ``text`` links to.

        ``source`` is the content file it comes from (what Pelican's links
        are relative to), ``base`` the folder of its page's url (what a
        browser's relative links are relative to): "" for the site's root,
        as for a template or a setting.
        """
        found = set()
        for link in self._links.finditer(text):
            target = _normal(html.unescape(link["target"])).rstrip(_TRAILING)
            target = re.split(r"[?#]", target, maxsplit=1)[0]
            if link["pelican"]:
                here = posixpath.dirname(source)
                found |= self._by_source.get(_resolved(here, target), set())
            elif self._site_url and target.startswith(self._site_url + "/"):
                path = _resolved("", target[len(self._site_url) :])
                found |= self._by_url.get(path, set())
            elif "//" not in target:
                found |= self._by_url.get(_resolved(base, target), set())
        return found


def withheld(files, held_back, public):
    """``{source path: held-back files that mention it}`` for every file of
    ``files`` (a ``StaticFiles``) that only held-back text mentions.

    ``held_back`` holds ``(content file, text)`` pairs; ``public`` holds
    ``(text, source, base)`` as ``StaticFiles.linked_from`` takes them.
    """
    mentioned = defaultdict(list)
    for path, text in held_back:
        for source in files.mentioned_in(text):
            mentioned[source].append(path)
    if not mentioned:
        return {}
    linked = set()
    for text, source, base in public:
        linked |= files.linked_from(text, source, base)
    return {path: by for path, by in sorted(mentioned.items()) if path not in linked}


def _normal(path):
    """Percent-encoding undone, in one Unicode form (macOS writes names in NFD)."""
    return unicodedata.normalize("NFC", unquote(path))


def _resolved(folder, target):
    """``target`` relative to ``folder``, or to the root when it starts with "/"."""
    path = posixpath.normpath(posixpath.join("/", folder, target))
    return path.lstrip("/")
