"""One imported post's or page's file: front matter as ``invoke new`` writes
it, and the body in Markdown; no Pelican here.

WordPress's statuses: ``publish`` is published; ``draft``, ``pending``,
``future`` (scheduled) and anything else we do not know are drafts
(``status: draft``: never published here until the writer says so);
``private`` and password-protected posts are private (``private: true``).
The password itself is never written anywhere. A post's first category is
its category; the others, and its tags, are tags, each within the limits
the reader holds every post to (so a 700-character list becomes at most 50
tags of at most 100 characters, and no line longer than 80).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from plugins.common.dates import check_moment
from plugins.common.text import plain_text, truncate
from plugins.frontmatter_reader.edit import new_post_text
from plugins.frontmatter_reader.post import LIST_LIMITS, TEXT_LIMITS

from .markdown import to_markdown
from .wpautop import wpautop

DRAFT_STATUSES = ("draft", "pending", "future", "auto-draft", "inherit")
UNCATEGORIZED = ("uncategorized",)  # WordPress's default: no category here
MORE = re.compile(r"<!--\s*more\b.*?-->|<!--\s*wp:more\b.*?-->", re.S)
MORE_MARK = "wpmore-5f2c9e0d"  # a word no post has: where <!--more--> was
BLOCK_END_MORE = re.compile(r"<!--\s*/wp:more\s*-->")


def privacy(item):
    """``"published"``, ``"draft"`` or ``"private"``; None: not imported."""
    if item.status == "trash":
        return None
    if item.status == "private" or item.password:
        return "private"
    if item.status == "publish":
        return "published"
    return "draft"


def moment(local, gmt, tz):
    """The post's date in ``tz``: WordPress's UTC one, else its local one
    read in ``tz`` (the export does not say the blog's zone). None if neither
    can be read or falls outside the journal's years."""
    for text, zone in ((gmt, UTC), (local, tz)):
        try:
            when = datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            return check_moment(when.astimezone(tz))
        except ValueError:
            continue
    return None


def title_of(item):
    """The title, or the first words of the text, or "Untitled"."""
    limit = TEXT_LIMITS["title"]
    return truncate(item.title, limit) or plain_text(item.content, 60) or "Untitled"


@dataclass
class Names:
    """A post's category, tags and author, kept within the reader's limits."""

    category: str | None = None
    tags: list = field(default_factory=list)
    author: str | None = None
    dropped: int = 0  # names that could not be kept


def names_of(item, authors, slug_of):
    """``slug_of(name)`` is the site's slug of a name: it must not be empty."""
    names = Names()
    most, longest = LIST_LIMITS["tags"]
    categories = [
        (nicename, name)
        for domain, nicename, name in item.categories
        if domain == "category" and nicename.lower() not in UNCATEGORIZED
    ]
    tags = [name for domain, _nice, name in item.categories if domain == "post_tag"]
    if categories:
        name = _fit(categories[0][1], TEXT_LIMITS["category"], slug_of)
        names.category = name
        names.dropped += name is None
        tags = [name for _nice, name in categories[1:]] + tags
    seen = {(names.category or "").casefold()}
    for tag in tags:
        name = _fit(tag, longest, slug_of)
        if name is None or len(names.tags) >= most:
            names.dropped += 1
        elif name.casefold() not in seen:
            seen.add(name.casefold())
            names.tags.append(name)
    login = item.creator.casefold()
    found = next((v for k, v in authors.items() if k.casefold() == login), None)
    names.author = _fit(found or item.creator, TEXT_LIMITS["author"], slug_of)
    return names


def _fit(name, limit, slug_of):
    text = truncate(" ".join(name.split()), limit)
    return text if text and 0 < len(slug_of(text)) <= limit else None


def mark_more(content):
    """``content`` with its first ``<!--more-->`` as a paragraph of its own
    holding ``MORE_MARK`` (the others dropped), so that one conversion gives
    both the body and, before the mark, the summary."""
    found = MORE.search(content)
    if found is None:
        return content
    after = BLOCK_END_MORE.sub("", MORE.sub("", content[found.end() :]))
    return f"{content[: found.start()]}\n\n<p>{MORE_MARK}</p>\n\n{after}"


def split_marked(markdown):
    """``(the Markdown before the mark or None, the whole without it)``."""
    parts = re.split(rf"^{MORE_MARK}$", markdown, maxsplit=1, flags=re.M)
    if len(parts) == 1:
        return None, markdown
    before, after = (part.strip() for part in parts)
    return before or None, "\n\n".join(p for p in (before, after) if p) + "\n"


def summary_of(excerpt, before_more, link):
    """The excerpt as Markdown, else the Markdown before ``<!--more-->``;
    None when there is neither, or it is longer than the reader takes (the
    build then shows the post's first words, as Pelican does)."""
    text = to_markdown(wpautop(excerpt), link) if excerpt.strip() else before_more
    text = (text or "").strip()
    return text if text and len(text) <= TEXT_LIMITS["summary"] else None


@dataclass
class Post:
    """What one post's file says."""

    title: str
    date: datetime | None
    slug: str
    privacy: str
    body: str
    names: Names
    modified: datetime | None = None
    summary: str | None = None
    permalink: str | None = None
    redirect_from: list = field(default_factory=list)


def post_text(post):
    """The file's text, in the shape ``invoke new`` writes."""
    fields = [("slug", post.slug)]
    if post.modified and post.date and post.modified > post.date:
        fields.append(("modified", post.modified))
    if post.names.category:
        fields.append(("category", post.names.category))
    tags = post.names.tags
    if post.names.author:
        fields.append(("author", post.names.author))
    if post.summary:
        fields.append(("summary", post.summary))
    if post.privacy == "draft":
        fields.append(("status", "draft"))
    elif post.privacy == "private":
        fields.append(("private", True))
    if post.permalink:
        fields.append(("permalink", post.permalink))
    if post.redirect_from:
        fields.append(("redirect_from", post.redirect_from))
    return new_post_text(
        post.title, post.date, tags=tags, fields=fields, body=post.body
    )
