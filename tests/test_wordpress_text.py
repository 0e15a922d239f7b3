"""WordPress's text rules, case by case: wpautop, shortcodes, the Markdown."""

import markdown
import pytest

from plugins.wordpress.markdown import to_markdown
from plugins.wordpress.shortcodes import to_html
from plugins.wordpress.wpautop import wpautop

# What WordPress's own wpautop() gives (wp-includes/formatting.php).
WPAUTOP = [
    ("a\nb", "<p>a<br />\nb</p>\n"),
    ("a\n\nb", "<p>a</p>\n<p>b</p>\n"),
    ("a<br><br>b", "<p>a</p>\n<p>b</p>\n"),
    ("<div>a</div>", "<div>a</div>\n"),
    ("<blockquote>q</blockquote>", "<blockquote><p>q</p></blockquote>\n"),
    ("<p>x</p>\n\n<p>y</p>", "<p>x</p>\n<p>y</p>\n"),
    ("<pre>a\n\n  b</pre>", "<pre>a\n\n  b</pre>\n"),
    ('<a href="x"\ntitle="y">b</a>', '<p><a href="x"\ntitle="y">b</a></p>\n'),
    ("<table><tr><td>a\nb</td></tr></table>",
     "<table>\n<tr>\n<td>a<br />\nb</td>\n</tr>\n</table>\n"),
    ("   ", ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shown"), WPAUTOP)
def test_wpautop_gives_what_wordpress_gives(text, shown):
    assert wpautop(text) == shown


# Text that must come back from Pelican's Markdown as the same words.
ROUND_TRIPS = [
    "<p>1. not a list</p>",
    "<p># not a heading</p>",
    "<p>- not an item</p>",
    "<p>*not emphasis* and _not either_ and `not code`</p>",
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>",
    "<p>[not a link](x) and \\ a backslash</p>",
    "<table><tr><th>a | b</th></tr><tr><td>c</td></tr></table>",
    "<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>",
    "<ul><li>with code<pre>a = 1\n\nb = 2</pre></li></ul>",
]


@pytest.mark.parametrize("html", ROUND_TRIPS)
def test_text_means_the_same_once_read_back(html):
    from bs4 import BeautifulSoup

    back = markdown.markdown(to_markdown(html), extensions=["extra"])
    words = [
        " ".join(BeautifulSoup(h, "html.parser").get_text(" ").split())
        for h in (html, back)
    ]
    assert words[0] == words[1]
    assert "<script" not in back


def test_a_link_to_another_site_script_or_frame_never_survives():
    html, _unknown = to_html(
        '<iframe src="https://video.example.com/embed/1"></iframe>\n'
        '<a href="javascript:alert(1)" onclick="x()">bad</a> <img src=x onerror="y()">'
        "<script>z()</script><style>p{}</style>"
    )
    text = to_markdown(html)
    assert "<https://video.example.com/embed/1>" in text
    for hostile in ("javascript", "onclick", "onerror", "script", "style", "iframe"):
        assert hostile not in text
