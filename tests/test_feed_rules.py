"""Every feed the site writes keeps the rules the W3C feed validator checks.

The validator itself is not on PyPI, so its rules are checked here: RSS 2.0
(channel title, link, description and language, an ``atom:link rel="self"``
that is the feed's own address, a ``guid`` that is an address unless it says
``isPermaLink="false"``, RFC 822 dates) and Atom 1.0 (``xml:lang``, ids that
are absolute IRIs, RFC 3339 dates, a self link, an author for every entry);
in both, unique ids, absolute addresses everywhere, the HTML of entries
included. The main feeds and the comment feeds are checked, built from the
sample journal with the development and the production settings, and from
the post, page and comments with markup in every field.
"""

import re
import shutil
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, build_sample, build_site
from pelican.settings import read_settings

from plugins.common.site_url import absolute_site_url

ATOM = "{http://www.w3.org/2005/Atom}"
THR = "{http://purl.org/syndication/thread/1.0}"
WFW = "{http://wellformedweb.org/CommentAPI/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # RFC 5646, simply
RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT)$"
)
RFC_3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)
URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "cite", "action")
ESCAPING = FIXTURES / "escaping"


def sample(settings):
    def build(tmp):
        return build_sample(tmp, settings), settings

    return build


def markup_in_every_field(tmp):
    shutil.copytree(ESCAPING / "comments", tmp / "content" / "comments")
    site = build_site(
        tmp,
        [ESCAPING / "article_with_markup_in_every_field.md"],
        [ESCAPING / "page_with_markup_in_every_field.md"],
        settings="publishconf.py",
    )
    return site, "publishconf.py"


BUILDS = {
    "sample journal, development": sample("pelicanconf.py"),
    "sample journal, production": sample("publishconf.py"),
    "markup in every field": markup_in_every_field,
}


@pytest.fixture(scope="module", params=BUILDS, ids=list(BUILDS))
def built(request, tmp_path_factory):
    site, settings = BUILDS[request.param](tmp_path_factory.mktemp("feeds"))
    base = absolute_site_url(read_settings(str(ROOT / settings)))
    feeds = sorted(p for p in (site.output / "feeds").rglob("*.xml"))
    assert any("comments" in p.parts for p in feeds)  # comment feeds too
    return site, base, feeds


def is_absolute(url):
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_iri(value):
    """An absolute IRI: a scheme, then something (tag:, urn:, http:...)."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value or "") is not None


def html_problems(html, where):
    """Relative addresses in the HTML of an entry: readers resolve them
    against the feed, not the post."""
    soup = BeautifulSoup(html or "", "html.parser")
    return [
        f"{where}: relative {name}={tag[name]!r} in the HTML"
        for tag in soup.find_all(True)
        for name in URL_ATTRIBUTES
        if tag.get(name) and not is_absolute(tag[name].split()[0])
    ]


def rss_problems(root, own_url):
    problems = []
    channel = root.find("channel")
    for name in ("title", "link", "description", "language"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no <{name}>")
    if not is_absolute(channel.findtext("link")):
        problems.append(f"channel <link> {channel.findtext('link')!r} is not absolute")
    if not LANGUAGE.match(channel.findtext("language") or ""):
        problems.append(f"<language> {channel.findtext('language')!r} is no language")
    selves = [link.get("href") for link in channel.findall(f"{ATOM}link[@rel='self']")]
    if selves != [own_url]:
        problems.append(f"atom:link rel=self is {selves}, not [{own_url!r}]")
    for name in ("lastBuildDate", "pubDate"):
        date = channel.findtext(name)
        if date is not None and not rfc_822(date):
            problems.append(f"channel <{name}> {date!r} is not an RFC 822 date")
    guids = []
    for number, item in enumerate(channel.findall("item"), 1):
        where = f"item {number}"
        problems += rss_item_problems(item, where)
        guids.append(item.findtext("guid"))
    if len(set(guids)) != len(guids):
        problems.append("two items have the same <guid>")
    return problems


def rss_item_problems(item, where):
    problems = []
    if not (item.findtext("title") or item.findtext("description")):
        problems.append(f"{where} has neither <title> nor <description>")
    guid = item.find("guid")
    if guid is None or not (guid.text or "").strip():
        problems.append(f"{where} has no <guid>")
    elif guid.get("isPermaLink", "true") != "false" and not is_absolute(guid.text):
        problems.append(
            f'{where}: <guid> {guid.text!r} is no address and lacks isPermaLink="false"'
        )
    for name in ("link", "comments", f"{WFW}commentRss"):
        value = item.findtext(name)
        if value is not None and not is_absolute(value):
            problems.append(f"{where}: <{name}> {value!r} is not absolute")
    if not rfc_822(item.findtext("pubDate") or ""):
        problems.append(f"{where}: <pubDate> {item.findtext('pubDate')!r} not RFC 822")
    author = item.findtext("author")
    if author is not None and "@" not in author:
        problems.append(f"{where}: <author> {author!r} is not an email address")
    return problems + html_problems(item.findtext("description"), where)


def rfc_822(text):
    if not RFC_822.match(text):
        return False
    try:
        return parsedate_to_datetime(text) is not None
    except (TypeError, ValueError):
        return False


def atom_problems(root, own_url):
    problems = []
    if not LANGUAGE.match(root.get(XML_LANG) or ""):
        problems.append(f"<feed> xml:lang {root.get(XML_LANG)!r} is no language")
    problems += atom_common_problems(root, "feed")
    selves = [link.get("href") for link in root.findall(f"{ATOM}link[@rel='self']")]
    if selves != [own_url]:
        problems.append(f"link rel=self is {selves}, not [{own_url!r}]")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        problems += atom_common_problems(entry, where)
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where} has no author, nor has the feed")
        published = entry.findtext(f"{ATOM}published")
        if published is not None and not RFC_3339.match(published):
            problems.append(f"{where}: <published> {published!r} is not RFC 3339")
        for name in ("content", "summary"):
            problems += html_problems(entry.findtext(f"{ATOM}{name}"), where)
        for reply in entry.findall(f"{THR}in-reply-to"):
            if not (is_iri(reply.get("ref")) and is_absolute(reply.get("href"))):
                problems.append(f"{where}: thr:in-reply-to {reply.attrib} not absolute")
        ids.append(entry.findtext(f"{ATOM}id"))
    if len(set(ids)) != len(ids):
        problems.append("two entries have the same <id>")
    return problems


def atom_common_problems(element, where):
    """What a feed and each entry must have: an id, a title, a date, links."""
    problems = []
    if not is_iri(element.findtext(f"{ATOM}id")):
        problems.append(f"{where}: <id> {element.findtext(f'{ATOM}id')!r} not an IRI")
    if element.find(f"{ATOM}title") is None:
        problems.append(f"{where} has no <title>")
    if not RFC_3339.match(element.findtext(f"{ATOM}updated") or ""):
        updated = element.findtext(f"{ATOM}updated")
        problems.append(f"{where}: <updated> {updated!r} is not RFC 3339")
    for link in element.findall(f"{ATOM}link"):
        if not is_absolute(link.get("href")):
            problems.append(f"{where}: link {link.get('href')!r} is not absolute")
    return problems


def feed_problems(path, output, base):
    root = ET.parse(path).getroot()
    own_url = f"{base}/{path.relative_to(output).as_posix()}"
    if root.tag == "rss":
        assert root.get("version") == "2.0"
        return rss_problems(root, own_url)
    assert root.tag == f"{ATOM}feed"
    return atom_problems(root, own_url)


def test_every_feed_keeps_the_validators_rules(built):
    site, base, feeds = built
    problems = [
        f"{path.relative_to(site.output)}: {problem}"
        for path in feeds
        for problem in feed_problems(path, site.output, base)
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("rule", "feed", "problem"),
    [
        (
            "guid",
            "<rss version='2.0'><channel><item><guid>tag:x,2026:/a</guid></item>",
            "is no address and lacks isPermaLink",
        ),
        ("language", "<rss version='2.0'><channel>", "channel has no <language>"),
        (
            "self",
            "<rss version='2.0'><channel><link>http://x/</link>",
            "atom:link rel=self is []",
        ),
        ("relative link", "<rss version='2.0'><channel><link>/</link>", "not absolute"),
        (
            "date",
            "<rss version='2.0'><channel><item><pubDate>2026-03-14</pubDate></item>",
            "not RFC 822",
        ),
        (
            "relative URL in content",
            "<rss version='2.0'><channel><item>"
            "<description>&lt;img src='/a.png'&gt;</description></item>",
            "relative src='/a.png'",
        ),
        (
            "xml:lang",
            "<feed xmlns='http://www.w3.org/2005/Atom'>",
            "xml:lang None is no language",
        ),
        (
            "Atom date",
            "<feed xmlns='http://www.w3.org/2005/Atom'><updated>Sat, 14 Mar 2026"
            " 10:00:00 GMT</updated>",
            "is not RFC 3339",
        ),
        (
            "Atom id",
            "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>/a/</id></entry>",
            "entry 1: <id> '/a/' not an IRI",
        ),
        (
            "unique ids",
            "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>tag:a</id></entry>"
            "<entry><id>tag:a</id></entry>",
            "two entries have the same <id>",
        ),
    ],
)
def test_the_rule_checks_catch_what_the_validator_reports(
    tmp_path, rule, feed, problem
):
    closing = "</channel></rss>" if feed.startswith("<rss") else "</feed>"
    path = tmp_path / "feeds" / "x.xml"
    path.parent.mkdir()
    path.write_text(feed + closing)
    found = feed_problems(path, tmp_path, "http://x")
    assert any(problem in line for line in found), (rule, found)
