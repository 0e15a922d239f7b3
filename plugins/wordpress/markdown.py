"""WordPress HTML as the Markdown the writer goes on writing in.

The HTML (already given its paragraphs, see shortcodes.py) is cleaned with
an allowlist first (nh3: no script, style, frame, form, event attribute or
class; http, https and mailto links and site-relative addresses only), its
links and pictures are pointed at their new homes, and markdownify writes
the Markdown. What Markdown cannot say (figures with captions, players,
superscripts, tables whose cells span or hold lists) stays as that cleaned
HTML, which Markdown passes through. Text is escaped so that Markdown reads
it as the words it was: a ``*`` or ``1.`` stays a character, ``<`` and ``&``
stay text, a line break is a ``<br>`` that survives any editor.

Headings move one level down when the post has an ``<h1>``: the page's own
``<h1>`` is the post's title, and a screen reader's list of headings should
have one.
"""

import re

import nh3
from bs4 import BeautifulSoup
from markdownify import ATX, MarkdownConverter

TAGS = {
    *("p", "br", "hr", "a", "em", "strong", "b", "i", "u", "s", "del", "ins"),
    *("mark", "small", "sub", "sup", "code", "pre", "kbd", "samp", "var"),
    *("abbr", "cite", "q", "blockquote", "ul", "ol", "li", "dl", "dt", "dd"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "details", "summary"),
    *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
    *("img", "figure", "figcaption", "audio", "video", "source", "track"),
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "audio": {"src", "controls"},
    "video": {"src", "poster", "controls", "width", "height"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Kept as (cleaned) HTML: Markdown has nothing for them.
KEPT_BLOCKS = {"figure", "audio", "video", "details", "table", "ul", "ol"}
KEPT_INLINE = {"sup", "sub", "mark", "u", "ins", "small", "abbr", "kbd", "samp", "var"}
ADDRESSES = {"a": ("href",), "img": ("src",), "audio": ("src",), "source": ("src",)}
ADDRESSES |= {"video": ("src", "poster"), "track": ("src",)}
_LINE_START = re.compile(r"^(\s*|\s*\d+)([#>+=-]|(?<=\d)[.)])", re.M)
_SPECIAL = re.compile(r"([\\`*_\[\]])")


def clean(markup):
    """``markup`` through the allowlist for imported posts."""
    return nh3.clean(
        markup,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def to_markdown(markup, link=None, media=None):
    """Markdown of ``markup``: cleaned, then each address re-pointed.

    ``link(url)`` gives a link's new address, or None to keep its words and
    drop the link (a post that is not published here); ``media(url)`` a
    picture's or player's. Either may return the url unchanged.
    """
    soup = BeautifulSoup(clean(markup), "html.parser")
    _unwrap_frames(soup)
    _readdress(soup, link or _same, media or _same)
    if soup.find("h1"):
        _demote_headings(soup)
    text = _Converter().convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _same(url):
    return url


def _readdress(soup, link, media):
    for tag in soup.find_all(ADDRESSES):
        for name in ADDRESSES[tag.name]:
            url = tag.get(name)
            if url is None:
                continue
            if url.startswith("{"):  # Pelican's {filename}: only ours may use it
                del tag[name]
                continue
            new = link(url) if tag.name == "a" else media(url)
            if new is None:
                del tag[name]
            else:
                tag[name] = (
                    new.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                )
        if tag.name == "a" and not tag.get("href"):
            tag.unwrap()


def _unwrap_frames(soup):
    """The block editor's frames: a figure without a caption is what it holds
    (a table, a picture, an embed's link), a div only its content."""
    for tag in soup.find_all(["figure", "div"]):
        if tag.name == "div" or tag.find("figcaption") is None:
            tag.unwrap()


def _demote_headings(soup):
    for level in range(6, 0, -1):
        for tag in soup.find_all(f"h{level}"):
            tag.name = f"h{min(level + 1, 6)}"


class _Converter(MarkdownConverter):
    """markdownify with our escaping, kept HTML and line breaks."""

    def __init__(self):
        super().__init__(
            heading_style=ATX,
            bullets="-",
            escape_asterisks=False,  # escape() below does all of it
            escape_underscores=False,
            strong_em_symbol="*",
        )

    def process_tag(self, node, parent_tags=None):
        if node.name in KEPT_BLOCKS and _needs_html(node):
            return f"\n\n{node}\n\n"
        if node.name in KEPT_INLINE:
            return str(node)
        return super().process_tag(node, parent_tags)

    def escape(self, text, parent_tags):
        if not text:
            return ""
        text = _SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")
        return _LINE_START.sub(r"\1\\\2", text)

    def convert_li(self, el, text, parent_tags):
        """A list item whose later lines (a list in it) are indented by four
        spaces, as Python-Markdown (Pelican's) needs to keep them in it."""
        item = super().convert_li(el, text, parent_tags)
        first, _newline, rest = item.partition("\n")
        width = len(first) - len(first.lstrip(" ")) + first.lstrip(" ").find(" ") + 1
        rest = re.sub(rf"^ {{{width}}}", "    ", rest, flags=re.M)
        return f"{first}\n{rest}"

    def convert_br(self, el, text, parent_tags):
        return "<br>" if "_inline" in parent_tags else "<br>\n"

    def convert_td(self, el, text, parent_tags):
        return super().convert_td(el, text.replace("|", r"\|"), parent_tags)

    def convert_th(self, el, text, parent_tags):
        return super().convert_th(el, text.replace("|", r"\|"), parent_tags)


def _needs_html(node):
    """A table of plain cells, or a list whose items hold only words and
    lists, is written as Markdown; one Python-Markdown (Pelican's) would read
    otherwise (cells that span or hold blocks, an item with paragraphs or
    code) stays HTML."""
    if node.name in ("ul", "ol"):
        return any(item.find(_BLOCKS_IN_ITEMS) for item in node.find_all("li"))
    if node.name != "table":
        return True
    cells = node.find_all(["td", "th"])
    return not cells or any(
        cell.get("colspan") or cell.get("rowspan") or cell.find(_BLOCKS_IN_CELLS)
        for cell in cells
    )


_BLOCKS_IN_ITEMS = ["p", "pre", "blockquote", "table", "figure", "dl", "h2", "h3"]
_BLOCKS_IN_CELLS = ["p", "ul", "ol", "pre", "blockquote", "table", "br", "img"]
