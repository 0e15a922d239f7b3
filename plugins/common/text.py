"""Text that every output format can carry, and the plain text of HTML."""

import html
import re

import nh3

# Characters XML 1.0 forbids (C0 controls but tab and newlines, lone
# surrogates, U+FFFE/U+FFFF): useless in a post, and fatal to a feed.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Dropped with what they hold when HTML becomes text: nothing a reader reads.
DROPPED_WITH_CONTENT = {
    *("script", "style", "iframe", "noscript", "template", "object"),
    *("svg", "math", "textarea", "select"),
}
# Tags that part words: "<p>one</p><p>two</p>" is "one two", not "onetwo".
_BLOCK = re.compile(
    r"<(/?)(p|div|br|li|h[1-6]|blockquote|t[rdh]|[uo]l|pre|hr|section|article|figure)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def xml_safe(text):
    """``text`` without the characters XML cannot carry."""
    return XML_ILLEGAL.sub("", text)


def html_text(text):
    """Plain ``text`` as HTML: ``&``, ``<`` and ``>`` escaped; None stays None.

    Feeds write titles and names this way (plugins/writer/text.py says why).
    """
    return None if text is None else html.escape(text, quote=False)


def plain_text(markup, limit=None):
    """HTML (or text) as one line of plain text, at most ``limit`` characters.

    Tags are dropped (scripts and the like with their content), entities read,
    characters XML cannot carry and DEL removed, spaces collapsed. A longer
    text is cut at a word and ends in "…".
    """
    if not isinstance(markup, str):
        return ""
    stripped = nh3.clean(
        _BLOCK.sub(r" <\1\2", markup),
        tags=set(),
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={},
    )
    text = _SPACE.sub(" ", xml_safe(html.unescape(stripped)).replace("\x7f", ""))
    return truncate(text.strip(), limit)


def truncate(text, limit):
    """``text`` in at most ``limit`` characters (None: all), cut at a word."""
    if limit is None or len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    word_end = cut.rfind(" ")
    return (cut[:word_end] if word_end > limit // 2 else cut).rstrip(" ,;:.") + "…"


def strings_in(value):
    """Every string in ``value``, a string or dicts, lists, tuples and sets of them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from strings_in(item)
