"""A post's WordPress text as the HTML WordPress showed, without WordPress.

In the order WordPress works: block-editor comments (``<!-- wp:... -->``)
are dropped and their content kept; embedded frames and bare addresses on a
line of their own become links (a journal's page loads nothing from other
sites); the shortcodes ``[caption]``, ``[gallery]``, ``[embed]``,
``[audio]`` and ``[video]`` become figures, lists of pictures, links and
``<audio>``/``<video>``; then ``wpautop`` makes the paragraphs of text not
written in the block editor. Other shortcodes (a plugin's) stay as text, and
their names are returned so the report can list them.
"""

import html
import re
from dataclasses import dataclass, field

from .wpautop import has_blocks, wpautop

_BLOCK_COMMENT = re.compile(
    r"<!--\s*/?wp:[a-z][a-z0-9_/-]*(?:\s+\{.*?\})?\s*/?-->", re.S
)
_IFRAME = re.compile(
    r"<iframe\b[^>]*?\bsrc=([\"'])(https?://[^\"'<>]+)\1[^>]*>.*?</iframe>", re.S | re.I
)
_BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
_ATTRIBUTE = re.compile(
    r"([\w-]+)\s*=\s*\"([^\"]*)\"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'\"]+)"
)
_SHORTCODE_NAME = re.compile(r"\[([a-z][a-z0-9_-]{0,40})(?=[\s\]/])")
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_LINKED_IMG = re.compile(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>", re.I)
MAX_INNER = 20_000  # characters of a shortcode's content
KNOWN = ("caption", "wp_caption", "gallery", "embed", "audio", "video")
AUDIO = ("src", "mp3", "m4a", "ogg", "wav")
VIDEO = ("src", "mp4", "m4v", "webm", "ogv")


@dataclass
class Context:
    """What shortcodes refer to: the post's id and the export's attachments."""

    post_id: str | None = None
    attachments: dict = field(default_factory=dict)  # id -> (url, alt)
    children: dict = field(default_factory=dict)  # post id -> [attachment ids]


def to_html(text, context=None):
    """``(HTML, names of the shortcodes left as text)`` of a post's text."""
    context = context or Context()
    blocks = has_blocks(text)
    text = _BLOCK_COMMENT.sub("", text) if blocks else text
    text = _IFRAME.sub(lambda m: _link(m.group(2)), text)
    text = _replace(text, "embed", lambda attrs, inner: _link(inner.strip()))
    text = _BARE_URL.sub(lambda m: _link(m.group(1)), text)
    text = _replace(text, "caption", _caption)
    text = _replace(text, "wp_caption", _caption)
    text = _replace(text, "gallery", lambda attrs, _: _gallery(attrs, context), False)
    text = _replace(text, "audio", lambda attrs, _: _media("audio", AUDIO, attrs))
    text = _replace(text, "video", lambda attrs, _: _media("video", VIDEO, attrs))
    unknown = {name for name in _SHORTCODE_NAME.findall(text) if name not in KNOWN}
    return (text if blocks else wpautop(text)), unknown


def _replace(text, name, make, enclosing=True):
    """Every ``[name ...]`` (with its ``...[/name]`` when it has one) made by
    ``make(attributes, content)``. Content is looked for in the next
    ``MAX_INNER`` characters only, so text full of unclosed shortcodes
    costs no more than a bounded scan for each."""
    closing = rf"(?:(.{{0,{MAX_INNER}}}?)\[/{name}\])?" if enclosing else ""
    pattern = re.compile(rf"\[{name}\b([^\]]*?)/?\]{closing}", re.S)

    def made(match):
        inner = match.group(2) if enclosing else None
        return make(_attributes(match.group(1)), inner or "")

    return pattern.sub(made, text)


def _attributes(text):
    """A shortcode's ``name="value"`` attributes (WordPress's three quotings)."""
    found = {}
    for match in _ATTRIBUTE.finditer(html.unescape(text)):
        groups = match.groups()
        name = groups[0] or groups[2] or groups[4]
        found[name.lower()] = next(g for g in groups[1::2] if g is not None)
    return found


def _attribute(value):
    return html.escape(value, quote=True)


def _link(url):
    url = _attribute(html.unescape(url))
    return f'\n<p><a href="{url}">{url}</a></p>\n'


def _caption(attrs, inner):
    """``[caption]<img> words[/caption]``: a figure, the words its caption."""
    picture = _LINKED_IMG.search(inner) or _IMG.search(inner)
    words = attrs.get("caption")
    if picture is None:
        return inner
    if words is None:
        words = (inner[: picture.start()] + inner[picture.end() :]).strip()
    else:
        words = _attribute(words)
    caption = f"<figcaption>{words}</figcaption>" if words else ""
    return f"\n<figure>{picture.group(0)}{caption}</figure>\n"


def _gallery(attrs, context):
    """``[gallery ids="1,2"]`` (or the post's own attachments): a list of pictures."""
    ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",")]
    ids = [i for i in ids if i] or context.children.get(context.post_id, [])
    items = [
        f'<li><img src="{_attribute(url)}" alt="{_attribute(alt)}"></li>'
        for url, alt in (
            context.attachments.get(i) for i in ids if i in context.attachments
        )
    ]
    return f'\n<ul class="gallery">{"".join(items)}</ul>\n' if items else ""


def _media(tag, sources, attrs):
    """``[audio mp3="..."]`` or ``[video mp4="..."]``: the player, and a link
    for readers whose browser cannot play it."""
    url = next((attrs[name] for name in sources if attrs.get(name)), None)
    if not url:
        return ""
    url = _attribute(url)
    poster = attrs.get("poster")
    extra = f' poster="{_attribute(poster)}"' if tag == "video" and poster else ""
    fallback = f'<a href="{url}">{url}</a>'
    return f'\n<p><{tag} controls src="{url}"{extra}>{fallback}</{tag}></p>\n'
