"""OPML, the feed readers' exchange format: our blogroll out, a reader's list in.

Export writes OPML 2.0 with the standard library's ElementTree (which
escapes every attribute). Import reads a file a feed reader exported: it is
untrusted, so it has a size cap and is parsed with defusedxml, which
refuses a DOCTYPE or entities in any encoding (no entity expansion tricks;
a pattern over the bytes misses them in UTF-16), and every outline is
checked like a ``BLOGROLL`` entry; a bad one is reported and skipped.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from plugins.common.text import xml_safe

from .config import is_web_address

MAX_OPML_BYTES = 2_000_000


class OpmlError(ValueError):
    """The file as a whole cannot be read as OPML."""


@dataclass
class Imported:
    entries: list  # dicts with name, url, feed, tagline
    problems: list  # "outline N (title): problem"


def export_opml(blogs, title):
    """OPML 2.0 text listing ``blogs`` (config.Blog); blogs without a feed as links."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = xml_safe(title)
    body = ET.SubElement(root, "body")
    for blog in blogs:
        attributes = {"text": xml_safe(blog.name), "title": xml_safe(blog.name)}
        if blog.feed:
            attributes |= {"type": "rss", "xmlUrl": blog.feed, "htmlUrl": blog.url}
        else:
            attributes |= {"type": "link", "url": blog.url}
        if blog.tagline:
            attributes["description"] = xml_safe(blog.tagline)
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def import_opml(data):
    """Blogroll entries from OPML bytes; raise ``OpmlError`` if it is not OPML."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"the file is over {MAX_OPML_BYTES} bytes")
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise OpmlError(
            "the file declares a DOCTYPE or entities, which are refused"
        ) from None
    except ET.ParseError as error:
        raise OpmlError(f"not well-formed XML: {error}") from None
    except (LookupError, ValueError) as error:  # an encoding expat cannot read
        raise OpmlError(f"not readable XML: {error}") from None
    if root.tag.lower() != "opml" or root.find("body") is None:
        raise OpmlError("not an OPML file (no <opml> with a <body>)")
    entries, problems = [], []
    for number, outline in enumerate(root.iter("outline"), start=1):
        if "xmlUrl" not in outline.attrib and outline.get("type") != "link":
            continue  # a folder of feeds
        entry, problem = _entry(outline.attrib)
        where = f"outline {number}"
        if entry is None:
            problems.append(f"{where}: {problem}")
        else:
            entries.append(entry)
    return Imported(entries, problems)


def _entry(attributes):
    feed = (attributes.get("xmlUrl") or "").strip() or None
    site = (attributes.get("htmlUrl") or attributes.get("url") or "").strip()
    if feed is not None and not is_web_address(feed):
        return None, f"xmlUrl: must be an http or https address, got {feed!r}"
    if not site and feed:
        parts = urlsplit(feed)
        site = f"{parts.scheme}://{parts.netloc}/"
    if not is_web_address(site):
        return None, f"htmlUrl: must be an http or https address, got {site!r}"
    name = _line(attributes.get("title") or attributes.get("text"), 100)
    name = name or urlsplit(site).hostname
    tagline = _line(attributes.get("description"), 200)
    return {"name": name, "url": site, "feed": feed, "tagline": tagline}, None


def _line(value, limit):
    """Text as one line, as given (the theme escapes it): markup is not removed."""
    return " ".join(xml_safe(value or "").split())[:limit]
