"""Extra elements on the items of our Atom and RSS feeds; no Pelican here.

The extension point: a plugin registers a function with
``register_item_extra(function)``; for every item of every feed the site
writes, ``function(item, kind)`` is called with the Pelican article (or any
object the caller puts in a feed) and ``"atom"`` or ``"rss"``, and returns a
list of ``Element`` to add to that item (an empty list adds nothing). A
namespace prefix used in an element's name must be registered with
``register_namespace``; it is declared on the feed's root element.

Functions run in the order they were registered; registering one twice
keeps one. ``register_content_extra(function)`` is the same for HTML that
readers should see: ``function(item, site_url)`` returns HTML appended to the
item's content (Atom ``<content>``, RSS ``<description>``).
``ExtendedAtomFeed`` and ``ExtendedRssFeed`` also take elements given
directly as ``add_item(..., extras=[Element, ...])``. Their titles, names and
categories are written so that no reader takes them for markup (``text.py``).
"""

from dataclasses import dataclass, field

from feedgenerator import Atom1Feed, Rss201rev2Feed

from .text import ATOM_TEXT, ATOM_TYPED, RSS_CHANNEL_TEXT, RSS_ITEM_TEXT, TextAsHtml

NAMESPACES = {
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "thr": "http://purl.org/syndication/thread/1.0",
}
ITEM_EXTRAS = []
CONTENT_EXTRAS = []


@dataclass(frozen=True)
class Element:
    """One element: qualified ``name``, attributes and optional text."""

    name: str
    text: str | None = None
    attrs: dict = field(default_factory=dict)


def register_item_extra(function):
    """Add ``function(item, kind) -> [Element]`` to every feed item (once)."""
    if function not in ITEM_EXTRAS:
        ITEM_EXTRAS.append(function)
    return function


def register_content_extra(function):
    """Add ``function(item, site_url) -> html`` after every item's content (once).

    For what readers should see in the entry itself; the HTML must already be
    escaped. An empty string adds nothing.
    """
    if function not in CONTENT_EXTRAS:
        CONTENT_EXTRAS.append(function)
    return function


def content_extras_for(item, site_url):
    """The HTML every registered function adds after ``item``'s content."""
    return "".join(function(item, site_url) for function in CONTENT_EXTRAS)


def register_namespace(prefix, uri):
    """Declare ``xmlns:prefix="uri"`` on every feed; a clash is a bug."""
    if NAMESPACES.setdefault(prefix, uri) != uri:
        raise ValueError(f"feed namespace prefix {prefix!r} is already {uri!r}")


def extras_for(item, kind):
    """The elements every registered function adds to ``item``."""
    return [element for function in ITEM_EXTRAS for element in function(item, kind)]


def _namespace_attributes():
    return {f"xmlns:{prefix}": uri for prefix, uri in NAMESPACES.items()}


def _write_extras(handler, item):
    for element in item.get("extras") or ():
        handler.addQuickElement(element.name, element.text, dict(element.attrs))


class ExtendedAtomFeed(Atom1Feed):
    """Atom 1.0 with our namespaces, each item's ``extras``, safe texts."""

    def root_attributes(self):
        return {**super().root_attributes(), **_namespace_attributes()}

    def add_root_elements(self, handler):
        super().add_root_elements(TextAsHtml(handler, ATOM_TEXT, ATOM_TYPED))

    def add_item_elements(self, handler, item):
        super().add_item_elements(TextAsHtml(handler, ATOM_TEXT, ATOM_TYPED), item)
        _write_extras(handler, item)


class ExtendedRssFeed(Rss201rev2Feed):
    """RSS 2.0 with our namespaces, each item's ``extras``, safe texts."""

    def rss_attributes(self):
        return {**super().rss_attributes(), **_namespace_attributes()}

    def add_root_elements(self, handler):
        super().add_root_elements(TextAsHtml(handler, RSS_CHANNEL_TEXT))

    def add_item_elements(self, handler, item):
        super().add_item_elements(TextAsHtml(handler, RSS_ITEM_TEXT), item)
        _write_extras(handler, item)
