"""Our Atom and RSS feeds: extra elements on each item, safe texts; no Pelican.

``ExtendedAtomFeed`` and ``ExtendedRssFeed`` write each item's ``extras``
(``FeedElement`` values, given as ``add_item(..., extras=[...])``; the writer
gathers them from the ``feed_item_extras`` signal, plugins/common/signals.py)
and declare every namespace of ``FEED_NAMESPACES`` on the feed. Their
titles, names and categories are written so that no reader takes them for
markup (``text.py``).
"""

from feedgenerator import Atom1Feed, Rss201rev2Feed

from plugins.common.signals import FEED_NAMESPACES

from .text import ATOM_TEXT, ATOM_TYPED, RSS_CHANNEL_TEXT, RSS_ITEM_TEXT, TextAsHtml


def _namespace_attributes():
    return {f"xmlns:{prefix}": uri for prefix, uri in FEED_NAMESPACES.items()}


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
