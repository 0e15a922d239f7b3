"""Titles, names and categories in feeds: never markup in any reader; no Pelican.

Feeds do not settle whether such a text is plain text or HTML, and readers
differ. RSS 2.0 says nothing: some readers show a title as text, others as
HTML. Atom titles are text unless they say ``type="html"``, but careless
readers put them into a page as HTML all the same, and Atom's ``<name>`` and
category ``term`` have no type at all. A title written with only XML's
escaping (``&lt;img onerror=...&gt;``) then becomes an element in the reader.

So each of them is written as HTML, escaped once for HTML (``html_text``)
and once more for XML by the writer. A reader that treats it as HTML shows
the text exactly as written; one that shows it as plain text shows ``&lt;``
where a ``<`` was and ``&amp;`` where a ``&`` was, which is legible and never
markup. Quotes are left alone: they mean nothing in HTML text, and escaping
them would put ``&#39;`` into every "don't" for the text readers. Atom's
``<title>`` and ``<subtitle>`` also say ``type="html"``, so a reader that
follows the standard shows them exactly too.
"""

from plugins.common.text import html_text

# Elements whose text is plain text: (element names, Atom's typed ones).
ATOM_TEXT = {"title", "subtitle", "name"}
ATOM_TYPED = {"title", "subtitle"}
RSS_CHANNEL_TEXT = {"title", "description", "category"}
RSS_ITEM_TEXT = {"title", "dc:creator", "author", "category"}  # not <description>


class TextAsHtml:
    """A feedgenerator SAX handler that writes the named elements' text as HTML.

    feedgenerator writes every element of a feed in a few long methods; wrapping
    the handler they write to changes how these texts are written without
    copying those methods. Atom's ``<category term>`` is escaped the same way.
    """

    def __init__(self, handler, names, typed=frozenset()):
        self._handler = handler
        self._names = names
        self._typed = typed

    def addQuickElement(self, name, contents=None, attrs=None):
        attrs = dict(attrs or {})
        if name in self._names:
            contents = html_text(contents)
            if name in self._typed:
                attrs["type"] = "html"
        if name == "category" and "term" in attrs:
            attrs["term"] = html_text(attrs["term"])
        self._handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self._handler, name)
