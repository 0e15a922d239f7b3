"""WordPress's paragraph rules (``wpautop``), as WordPress applies them.

Post and comment text in a WordPress export is stored as the writer typed
it: a blank line starts a paragraph and a single newline is a line break;
WordPress adds the ``<p>`` and ``<br />`` only when it shows the page. This
is a line-by-line port of ``wpautop()`` from wp-includes/formatting.php
(WordPress 6.x): text in ``<pre>`` is left alone, block elements (tables,
lists, quotes, headings...) are not wrapped in paragraphs, and newlines
inside a tag or an HTML comment are kept. Posts written in the block editor
(Gutenberg) already hold their paragraphs: WordPress does not run wpautop
on them, and neither do we (``has_blocks``).
"""

import re

_ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol"
    r"|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    r"|menu|summary)"
)
_NEWLINE_MARK = " <!-- wpnl --> "
_PRESERVE = "<WPPreserveNewline />"
# What wp_html_split() tells apart from text: comments, CDATA and tags.
_HTML_PIECE = re.compile(
    r"(<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[^>]*>?)", re.S
)
_BLOCK_OPEN = re.compile(r"(<" + _ALL_BLOCKS + r"[\s/>])")
_BLOCK_CLOSE = re.compile(r"(</" + _ALL_BLOCKS + r">)")
_BLOCK_TAG = r"</?" + _ALL_BLOCKS + r"[^>]*>"


def has_blocks(text):
    """Whether ``text`` was written in the block editor."""
    return "<!-- wp:" in text


def wpautop(text, br=True):
    """``text`` with WordPress's ``<p>`` and ``<br />``, as WordPress shows it."""
    if not text.strip():
        return ""
    text, pre_tags = _hold_pre(text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _in_tags(text, "\n", _NEWLINE_MARK)
    text = _collapse_inside(text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(" + _BLOCK_TAG + r")\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(" + _BLOCK_TAG + ")", r"\1", text)
    text = re.sub("(" + _BLOCK_TAG + r")\s*</p>", r"\1", text)
    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda m: m.group(0).replace("\n", _PRESERVE),
            text,
            flags=re.S,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace(_PRESERVE, "\n")
    text = re.sub("(" + _BLOCK_TAG + r")\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text


def _hold_pre(text):
    """``<pre>`` blocks swapped for placeholders, and the placeholders."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    held, out = {}, []
    for number, part in enumerate(parts):
        start = part.find("<pre")
        if start == -1:  # malformed HTML
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{number}></pre>"
        held[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    return "".join(out) + last, held


def _in_tags(text, old, new):
    """``old`` replaced by ``new`` inside tags and comments, not in text."""
    pieces = _HTML_PIECE.split(text)
    for index in range(1, len(pieces), 2):
        pieces[index] = pieces[index].replace(old, new)
    return "".join(pieces)


def _collapse_inside(text):
    """No paragraphs between the parts of options, objects, media, captions."""
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    return text
