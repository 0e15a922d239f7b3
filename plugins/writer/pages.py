"""Pages rendered once per input: a page whose inputs did not change is not rendered.

A page's HTML depends on its template (and the templates it extends,
includes and imports), and on the values of the names those templates use,
as Jinja's own analysis of their source finds them. The key of a page is a
hash of the templates' source, the page's name and a view of each such
value: text and numbers as they are, collections item by item, any other
object by its attributes, recursively (not a Pelican object's ``settings``
or ``_context``: the settings are in the name of the cache folder, and
``_context`` is this same context). A template that includes a name it only
knows at run time is never cached.

The cache keeps, for each key, the SHA-256 of the page it rendered to and
the stamp of its file (``cache.Manifest``). A page whose key is kept and
whose file in the output still holds exactly that page (its stamp unchanged,
or its bytes hashing to it) is neither rendered nor read: the file is the
page. (So a build into a fresh folder, as ``invoke publish`` makes, renders
every page.)

Values the write itself brings (the post, the page of a list, the relative
SITEURL) are viewed for each page, each object once per write (the pages of
one list share its paginator); values of the build's shared context, and
each post, once per build. What Jinja finds in a template is kept under the
hash of its source.

One page of a list shows its own posts, and of the others only how many
there are (the page numbers and their links). So a page of a list
(Pelican's ``Page``) is viewed by its posts and the shape of its paginator
(name, address, posts per page, count), not by every post of the list: an
edited post renders again the pages it is on, not every page of the list.
Unless a template could read a paginator's posts (``object_list`` reached
otherwise than as ``<name>_page.object_list``): then the paginator is
viewed whole.

A value that knows a digest of everything a template can read from it (a
post's comments, from the files they were read from) says so with a
``view_key()`` method returning bytes, and is viewed by that instead.
"""

import hashlib
import json
import os
import struct
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, cached_property

import jinja2.meta
from jinja2 import nodes
from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from plugins.common.cache import Entries, Manifest, key

SKIPPED = frozenset({"settings", "_context"})  # in the folder's name; this context
MISSING = object()


class PageCache:
    """Which pages of the output are what their inputs render to, for one build."""

    def __init__(self, settings, output_path):
        self.output_path = output_path
        self.entries = Entries(settings, "pages")
        self._templates = Entries(settings, "templates")
        self._pages = Manifest(self.entries, "rendered pages")
        self._in_place = set()  # absolute paths of pages their file holds
        self._analyses = {}  # key of a template's source -> what it uses
        self._names = {}  # template name -> sorted names it uses, or None
        self._sources = {}  # template name -> hash of its sources
        self._whole = {}  # template name -> whether paginators are viewed whole
        self._shared = {}  # (name, id of value) -> (value, its view), one build
        self._viewer = Viewer()
        # Feeds are written before the posts' pages, which give a post what
        # only its page shows (its chart): their views are kept apart.
        self._feed_viewer = Viewer()

    def begin_write(self):
        """A new ``write_file``: the objects it brings are viewed afresh."""
        self._viewer.objects.clear()

    def render(self, template, localcontext, context):
        """``template`` rendered with ``localcontext``, or the page already in
        the output if it is what that would render."""
        names = self._used_names(template)
        if names is None or self.entries.folder is None:
            return template.render(localcontext)
        name = str(localcontext.get("output_file"))
        self._viewer.whole_paginators = self._whole[template.name]
        digest = hashlib.sha256(self._sources[template.name].encode())
        digest.update(name.encode())
        for used in names:
            value = localcontext.get(used, MISSING)
            digest.update(used.encode() + b"=")
            if used in context and context[used] is value:
                digest.update(self._shared_view(used, value))
            else:
                digest.update(self._viewer.view(value))
        entry = digest.hexdigest()
        path = os.path.join(self.output_path, name)
        if self._pages.holds(entry, path):
            self._in_place.add(os.path.abspath(path))
            return ""  # the file is the page: the writer leaves it (``holds``)
        page = template.render(localcontext)
        self._pages.made(entry, page.encode("utf-8"), path)
        return page

    def holds(self, path):
        """Whether the page about to be written to ``path`` is the one its
        file holds already (this build found it there): nothing to write."""
        path = os.path.abspath(path)
        found = path in self._in_place
        self._in_place.discard(path)
        return found

    def feed(self, path, elements, *parts):
        """``(key, held)`` of the feed of ``elements`` (posts) and ``parts``
        (its address, kind, title...) at ``path``: made of its posts' views,
        as a page's key is; ``held``: the file holds that feed already.
        ``(None, False)`` without a cache."""
        if self.entries.folder is None:
            return None, False
        self._feed_viewer.objects.clear()
        entry = key("feed", *parts, self._feed_viewer.view(list(elements)))
        return entry, self._pages.holds(entry, path)

    def made(self, entry, path):
        """The file at ``path`` was written, as ``entry`` made it."""
        with open(path, "rb") as handle:
            self._pages.made(entry, handle.read(), path)

    def finish(self):
        """Keep what this build's pages render to; remove what it did not use."""
        if self.entries.folder is None:
            return
        self._pages.keep()
        self.entries.prune()
        self._templates.prune()

    def _shared_view(self, name, value):
        whole = self._viewer.whole_paginators
        kept = self._shared.get((name, id(value), whole))
        if kept is None:
            kept = (value, self._viewer.view(value))
            self._shared[(name, id(value), whole)] = kept
        return kept[1]

    def _used_names(self, template):
        name = template.name
        if name not in self._names:
            environment = template.environment
            sources, names, whole = [], set(), []
            complete = self._walk(environment, name, set(), sources, (names, whole))
            self._names[name] = sorted(names) if complete else None
            self._sources[name] = "\0".join(sources)
            self._whole[name] = any(whole)
        return self._names[name]

    def _walk(self, environment, name, seen, sources, found):
        """Collect the sources, the names and whether paginators are read
        whole, of ``name`` and of every template it uses; False if one is
        only known at run time."""
        if name in seen:
            return True
        seen.add(name)
        source = environment.loader.get_source(environment, name)[0]
        sources.append(f"{name}\0{source}")
        names, used, whole = self._analysis(environment, name, source)
        found[0].update(names)
        found[1].append(whole)
        complete = True
        for other in used:
            if other is None:
                return False
            complete = self._walk(environment, other, seen, sources, found) and complete
        return complete

    def _analysis(self, environment, name, source):
        """``(names, templates, reads paginators whole)`` of a template's
        source, by Jinja's analysis: once per build (base.html is used by
        every page), and kept between."""
        entry = key("template", name, source)
        if entry not in self._analyses:
            kept = self._templates.get(entry)
            if kept is None:
                tree = environment.parse(source)
                found = sorted(jinja2.meta.find_undeclared_variables(tree))
                used = list(jinja2.meta.find_referenced_templates(tree))
                kept = json.dumps([found, used, _reads_list_items(tree)]).encode()
                self._templates.put(entry, kept)
            self._analyses[entry] = json.loads(kept)
        return self._analyses[entry]


def _reads_list_items(tree):
    """Whether a template could read the posts of a paginator, not only
    those of a page: ``object_list`` anywhere but ``<name>_page.object_list``,
    or a ``<name>_page`` the template names itself."""
    for node in tree.find_all((nodes.Getattr, nodes.Const, nodes.Name)):
        if isinstance(node, nodes.Name):
            if node.ctx in ("store", "param") and node.name.endswith("_page"):
                return True
        elif isinstance(node, nodes.Const):
            if node.value == "object_list":
                return True
        elif node.attr == "object_list" and not (
            isinstance(node.node, nodes.Name) and node.node.name.endswith("_page")
        ):
            return True
    return False


class Viewer:
    """Digests of values for one build; each post or page is viewed once."""

    def __init__(self):
        # id of an object -> (the object, its digest): holding the object keeps
        # its id from being given to another while the digest is kept.
        self._contents = {}  # Pelican Content (posts, pages), for one build
        self.objects = {}  # any other object, for one write
        self._viewing = set()  # ids of the posts being viewed, for cycles
        self.whole_paginators = True  # False: a paginator by its shape alone

    def view(self, value):
        """The digest of ``value`` and everything a template could read from it."""
        digest = hashlib.sha256()
        self._feed(digest, value, set())
        return digest.digest()

    def _feed(self, digest, value, seen):
        kind = type(value)
        if value is MISSING:
            digest.update(b"-")
        elif value is None or kind in (bool, int, float):
            digest.update(b"v" + repr(value).encode() + b";")
        elif kind in (str, Markup):
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"s" + struct.pack(">Q", len(data)) + data)
        elif isinstance(value, datetime | date | time | timedelta):
            digest.update(b"t" + repr(value).encode() + b";")
        elif isinstance(value, Content):
            digest.update(b"c" + self._content(value))
        elif hasattr(kind, "view_key"):
            digest.update(b"k" + type(value).__qualname__.encode() + value.view_key())
        elif isinstance(value, Paginator) and not self.whole_paginators:
            shape = (value.name, value.url, value.per_page, value.orphans, value.count)
            self._feed(digest, ("paginator", *shape), seen)
        elif isinstance(value, Page) and not self.whole_paginators:
            where = (value.full_name, value.base_url, value.number)
            items = (value.object_list, value.paginator)
            self._feed(digest, ("page", *where, *items), seen)
        elif isinstance(value, URLWrapper):  # a tag, category, author: its slug is
            # worked out when first asked for, so it is not always in its attributes
            self._feed(digest, (type(value).__qualname__, value.name, value.slug), seen)
        elif id(value) in seen:
            digest.update(b"@")  # a cycle: seen already along this path
        elif id(value) in self.objects:
            digest.update(b"=" + self.objects[id(value)][1])
        else:
            seen.add(id(value))
            inner = hashlib.sha256()
            self._feed_container(inner, value, seen)
            seen.discard(id(value))
            self.objects[id(value)] = (value, inner.digest())
            digest.update(b"=" + inner.digest())

    def _content(self, value):
        """A post's or page's digest: its links resolved as pages show them,
        and its attributes (what plugins gave it included)."""
        kept = self._contents.get(id(value))
        if kept is None:
            if id(value) in self._viewing:  # translations name each other
                return b"@"
            self._viewing.add(id(value))
            digest = hashlib.sha256(type(value).__qualname__.encode())
            seen = {id(value)}
            self._feed(digest, value.content, seen)
            self._feed(digest, _state(value), seen)
            kept = self._contents[id(value)] = (value, digest.digest())
            self._viewing.discard(id(value))
        return kept[1]

    def _feed_container(self, digest, value, seen):
        if isinstance(value, dict):
            digest.update(b"{%d" % len(value))
            for item in sorted(value, key=repr):
                self._feed(digest, item, seen)
                self._feed(digest, value[item], seen)
        elif isinstance(value, list | tuple):
            digest.update(b"[%d" % len(value))
            for item in value:
                self._feed(digest, item, seen)
        elif isinstance(value, set | frozenset):
            digest.update(b"(%d" % len(value))
            for item in sorted(value, key=repr):
                self._feed(digest, item, seen)
        elif is_dataclass(value) and not isinstance(value, type):
            digest.update(type(value).__qualname__.encode())
            for item in fields(value):
                self._feed(digest, getattr(value, item.name), seen)
        elif callable(value):  # a function, a class: named by what it is
            name = getattr(value, "__qualname__", type(value).__qualname__)
            module = getattr(value, "__module__", "")
            digest.update(b"n" + f"{module}.{name}".encode())
        elif hasattr(value, "__dict__"):
            digest.update(b"o" + type(value).__qualname__.encode())
            self._feed(digest, _state(value), seen)
        else:  # a path, a pattern: its repr says what it is (or misses, never stale)
            digest.update(b"r" + repr(value).encode("utf-8", "surrogatepass") + b";")


def _state(value):
    """An object's attributes, without the settings, its context, and what
    its ``cached_property`` values derive from the others."""
    cached = _cached_properties(type(value))
    return {
        name: item
        for name, item in vars(value).items()
        if name not in SKIPPED and name not in cached
    }


@cache
def _cached_properties(klass):
    return {
        name
        for base in klass.__mro__
        for name, member in vars(base).items()
        if isinstance(member, cached_property)
    }
