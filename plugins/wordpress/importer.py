"""``import-wordpress EXPORT.xml``: a whole WordPress journal, in one pass.

1. The export is read once, streamed (export.py): posts and pages with
   their comments, attachments, the blog's addresses and authors.
2. Each post and page gets its file, slug and address (addresses.py):
   published ones first, so that an address two items claim goes to the
   one readers could see.
3. Each body becomes Markdown (shortcodes.py, markdown.py) with its links
   to other imported posts pointed at their files (``{filename}``, which
   Pelican turns into the address) and its pictures at the local copies
   (media.py, with ``--media``).
4. Each file is read back as the build will read it (``read_data``, what
   ``invoke check`` runs) and written only if it reads back with no error
   and exactly as private as it was on WordPress; never over a file that is
   there (the writer may have edited it: it is reported as present).
5. The comments go to the store as every import's do (plugins/comments).

Nothing is written before the whole export has been read, so a broken file
writes nothing; ``dry_run`` reads, converts and checks everything and
writes nothing.
"""

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from plugins.comments.importing import Report, store
from plugins.common import addresses as checked
from plugins.common.files import create_all_exclusive
from plugins.common.paths import is_safe_segment
from plugins.common.urls import slug_of
from plugins.frontmatter_reader.source import read_data

from . import media as files
from .addresses import (
    Blog,
    is_day_and_name,
    kept_path,
    numbered_address,
    slug_for,
)
from .comments import Options, comments_of
from .export import Channel, read_export
from .markdown import to_markdown
from .posts import (
    Post,
    mark_more,
    moment,
    names_of,
    post_text,
    privacy,
    split_marked,
    summary_of,
    title_of,
)
from .shortcodes import Context, to_html

IMPORTED = ("post", "page")
_ADDRESS = re.compile(r"""\b(?:src|href|poster)\s*=\s*["']([^"'<>]+)["']""")
_COMMENT_ANCHOR = re.compile(r"comment-([0-9]{1,20})")


@dataclass
class Placed:
    """An imported post or page, and where it goes here."""

    item: object  # export.Item
    kind: str  # "article" or "page"
    file: str  # under the content folder: "posts/2012/2012-02-04-slug.md"
    slug: str
    date: object  # datetime in the site's zone
    url: str
    privacy: str
    permalink: str | None = None
    redirect_from: list = field(default_factory=list)
    old: tuple | None = None
    title: str = ""


@dataclass
class WordPressReport:
    """What an import did, or (dry run) would do."""

    kinds: Counter = field(default_factory=Counter)  # "post", "page", "draft"...
    new: int = 0
    present: int = 0
    skipped: Counter = field(default_factory=Counter)
    comments: Report = field(default_factory=Report)
    mentions: int = 0
    media: Counter = field(default_factory=Counter)
    media_failed: list = field(default_factory=list)  # (url, reason)
    redirects: Counter = field(default_factory=Counter)  # "pages", "numbered"
    lost: list = field(default_factory=list)  # (old address, why not kept)
    shortcodes: Counter = field(default_factory=Counter)  # name -> posts
    unlinked: int = 0  # links to posts not published here
    problems: list = field(default_factory=list)  # why a file did not read back
    written: list = field(default_factory=list)
    dry_run: bool = False

    def skip(self, reason):
        self.skipped[reason] += 1

    def lines(self):
        """The report, a line each, then the next step."""
        would = "would be " if self.dry_run else ""
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.kinds.items()))
        skipped = sum(self.skipped.values())
        why = ", ".join(f"{n} {r}" for r, n in sorted(self.skipped.items()))
        lines = [
            f"posts and pages: {kinds or 'none'}; {self.new} {would}new, "
            f"{self.present} already present, {skipped} skipped"
            + (f" ({why})" if why else ""),
            f"comments: {self.comments}; {self.mentions} of them mentions "
            "(pingbacks and trackbacks)",
        ]
        if self.media:
            counts = ", ".join(f"{n} {k}" for k, n in sorted(self.media.items()))
            lines.append(f"media: {counts}")
        lines += [f"  not downloaded: {url}: {why}" for url, why in self.media_failed]
        if self.media.get("kept at the old address"):
            lines.append("  run with --media to download them into content/images/")
        lines.append(
            f"old addresses: {self.redirects['pages']} redirect pages, "
            f"{self.redirects['numbered']} numbered links (?p=)"
        )
        lines += [f"  not kept: {old}: {why}" for old, why in self.lost]
        if self.unlinked:
            lines.append(
                f"links: {self.unlinked} to posts not published here (drafts, "
                "private) keep their words and lose the link"
            )
        if self.shortcodes:
            names = ", ".join(
                f"[{k}] ({n})" for k, n in sorted(self.shortcodes.items())
            )
            lines.append(f"shortcodes left as text: {names}")
        lines += [f"  {problem}" for problem in self.problems]
        lines.append(
            "next: invoke check, then invoke build serve and read the posts at "
            "http://127.0.0.1:8000/"
            if not self.dry_run
            else "next: run it again without --dry-run"
        )
        return lines


@dataclass(frozen=True)
class Choices:
    """How to import: ``download`` the media, a ``dry_run``, emails kept."""

    download: bool = False
    dry_run: bool = False
    with_email: bool = False
    limits: object = files.LIMITS  # each download's (http.Limits)
    media_deadline: float = 900  # seconds for all downloads
    on_medium: object = None  # on_medium(Medium, outcome), for a progress display


@dataclass
class _Run:
    settings: dict
    content: Path
    choices: Choices
    report: WordPressReport
    channel: Channel = field(default_factory=Channel)
    blog: Blog | None = None

    @property
    def tz(self):
        return ZoneInfo(self.settings["TIMEZONE"])


def import_wordpress(source, content, settings, existing=(), choices=Choices()):
    """Import WXR ``source`` into the ``content`` folder; return the report.

    ``existing`` are ``(slug, url, file under content)`` of the journal's
    posts and pages, so that no import takes a slug or an address already
    used (a file the import wrote before is found again by its name).
    Raises SourceError, writing nothing, if the export cannot be read.
    """
    run = _Run(
        settings, Path(content), choices, WordPressReport(dry_run=choices.dry_run)
    )
    items, attachments = [], {}
    for item in read_export(source, run.channel):
        _sort(item, items, attachments, run.report)
    run.blog = Blog.of(run.channel.base_urls, [item.link for item in items[:1]])
    placed = _place(run, items, existing)
    del items  # what is not placed is not needed; the rest is let go as used
    candidates = []
    options = Options(run.tz, choices.with_email)
    for place in placed:
        found = comments_of(place.item, place.slug, run.report.comments, options)
        run.report.mentions += sum(c.kind == "mention" for c in found)
        candidates += found
        place.item.comments = []
    context = _shortcode_context(attachments)
    bodies = {}
    for place in placed:
        place.title = title_of(place.item)
        marked = mark_more(place.item.content)
        bodies[place.file] = to_html(marked, replace(context, post_id=place.item.id))
        place.item.content = ""
    hosts = run.blog.hosts | {_host(url) for url, _alt, _parent in attachments.values()}
    rewrite = _Rewriter(run, placed, _media(run, placed, bodies, hosts))
    new = [_post_file(run, place, bodies.pop(place.file), rewrite) for place in placed]
    _write_all(run, [file for file in new if file])
    store(
        run.content / "comments",
        candidates,
        run.report.comments,
        write=not choices.dry_run,
    )
    return run.report


def _sort(item, items, attachments, report):
    if item.type == "attachment":
        if item.id and item.attachment_url:
            alt = item.meta.get("_wp_attachment_image_alt", "")
            attachments[item.id] = (item.attachment_url, alt, item.parent)
    elif item.type not in IMPORTED:
        report.skip("other post type")
        for _comment in item.comments:
            report.comments.skip("unknown post")
    elif item.too_long:
        report.skip("too long")
    else:
        items.append(item)


def _host(url):
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _shortcode_context(attachments):
    children = {}
    for number, (_url, _alt, parent) in attachments.items():
        children.setdefault(parent, []).append(number)
    pictures = {number: (url, alt) for number, (url, alt, _p) in attachments.items()}
    return Context(attachments=pictures, children=children)


# ---- 2. Files, slugs and addresses ---------------------------------------


class _Claims:
    """Who has each slug and address: the journal's posts, then the import's."""

    def __init__(self, existing, settings):
        self.slugs = {slug: file for slug, _url, file in existing}
        self.addresses = {
            checked.saved_as(url): file for _s, url, file in existing if url
        }
        self.files = set()
        self.reserved = checked.reserved(settings)

    def slug_free(self, slug, file):
        return self.slugs.get(slug, file) == file

    def address_free(self, address, file):
        return self.addresses.get(checked.saved_as(address), file) == file

    def take(self, place):
        self.files.add(place.file)
        self.slugs[place.slug] = place.file
        for address in [place.url, *place.redirect_from]:
            self.addresses[checked.saved_as(address)] = place.file


def _place(run, items, existing):
    claims = _Claims(existing, run.settings)
    order = sorted(items, key=lambda item: privacy(item) != "published")
    placed = []
    for item in order:
        place = _place_one(run, item, claims)
        if place is not None:
            claims.take(place)
            placed.append(place)
    return placed


def _place_one(run, item, claims):
    settings, report = run.settings, run.report
    seen = privacy(item)
    if seen is None:
        report.skip("trash")
        return None
    date = moment(item.date, item.date_gmt, run.tz)
    if date is None:
        report.skip("bad date")
        return None
    kind = "page" if item.type == "page" else "article"
    old = run.blog.old_address(item.link)
    file = _file(item, kind, date, old, claims)
    slug = _slug(run, item, old, file, claims)
    if file is None or slug is None:
        report.skip("no usable name")
        return None
    place = Placed(item, kind, file, slug, date, _url(kind, slug, date, settings), seen)
    place.old = old
    _old_addresses(place, old, claims, report)
    if not claims.address_free(place.url, file):
        report.skip("address taken")
        return None
    report.kinds[_kind_word(place)] += 1
    for old_address in place.redirect_from:
        report.redirects["numbered" if old_address[0] == "?" else "pages"] += 1
    return place


def _kind_word(place):
    """``posts``, ``pages``, ``drafts`` or ``private`` (posts and pages)."""
    if place.privacy == "published":
        return "posts" if place.kind == "article" else "pages"
    return "drafts" if place.privacy == "draft" else "private"


def _name(item):
    name = unquote(item.slug).strip().lower()
    ok = is_safe_segment(name) and len(name) <= 100
    return name if ok else (f"wp-{item.id}" if item.id else None)


def _file(item, kind, date, old, claims):
    """A stable name: the same export gives the same file, run after run."""
    name = _name(item)
    if name is None:
        return None
    if kind == "page":
        path = kept_path(old)
        stem = path.strip("/") if path and path.endswith("/") else name
        file = f"pages/{stem}.md"
    else:
        day = (
            item.date[:10]
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.date[:10])
            else f"{date:%Y-%m-%d}"
        )
        file = f"posts/{day[:4]}/{day}-{name}.md"
    if file in claims.files and item.id:
        file = file.removesuffix(".md") + f"-wp-{item.id}.md"
    return None if file in claims.files else file


def _slug(run, item, old, file, claims):
    """WordPress's slug when it is free here; a nested page's is its path
    (``about-contact``), since pages under two parents may share a name."""
    path = kept_path(old)
    if item.type == "page" and path and path.count("/") > 1:
        wanted = "-".join(path.strip("/").split("/"))
    else:
        wanted = slug_for(item, slug_of(item.title, run.settings))
    if wanted is None or file is None:
        return None
    for slug in (wanted, f"{wanted}-{item.id}", f"page-{wanted}"):
        if is_safe_segment(slug) and len(slug) <= 100 and claims.slug_free(slug, file):
            return slug
    return None


def _url(kind, slug, date, settings):
    key = "ARTICLE_URL" if kind == "article" else "PAGE_URL"
    values = {"slug": slug, "date": date, "lang": settings.get("DEFAULT_LANG", "en")}
    return settings[key].format(category="", author="", path="", **values)


def _old_addresses(place, old, claims, report):
    """The permalink or redirects that keep ``old`` working, when it can be."""
    numbered = numbered_address(old)
    path = kept_path(old)
    if old and old[0] == "path" and path is None:
        report.lost.append((old[1][:80], "not an address the journal can keep"))
    if path and path != place.url:
        problem = checked.site_address_problem(path, claims.reserved)
        if problem:
            report.lost.append((path, problem))
        elif not claims.address_free(path, place.file):
            report.lost.append((path, "another post has that address"))
        elif (place.kind == "page" and path.endswith("/")) or is_day_and_name(
            path, place.slug
        ):
            place.permalink = place.url = path
        else:
            place.redirect_from.append(path)
    if numbered:
        if claims.address_free(numbered, place.file):
            place.redirect_from.append(numbered)
        else:
            report.lost.append((numbered, "another post had that number"))


# ---- 3. Media and links --------------------------------------------------


def _media(run, placed, bodies, hosts):
    """``{absolute url: local path}`` of the files the posts use that are here."""
    report, content, choices = run.report, run.content, run.choices
    found = []
    for place in placed:
        html, _unknown = bodies[place.file]
        for url in _ADDRESS.findall(html):
            full = files.absolute(url, run.blog.url)
            if full and files.is_medium(full):
                found.append((full, place.date))
    planned = files.plan(found, hosts)
    outcome = {}
    if choices.download and not choices.dry_run:
        outcome = files.download(
            planned.values(),
            content,
            choices.limits,
            choices.media_deadline,
            choices.on_medium,
        )
    local = {}
    for url, medium in planned.items():
        state = outcome.get(url) or (
            "present" if (content / medium.local).exists() else None
        )
        if state in ("saved", "present"):
            local[url] = medium.local
            report.media["downloaded" if state == "saved" else "already present"] += 1
        elif state is None:
            report.media["kept at the old address"] += 1
        else:
            report.media["failed"] += 1
            report.media_failed.append((url, state))
    external = len({url for url, _d in found} - set(planned))
    if external:
        report.media["on other sites, linked"] += external
    return local


class _Rewriter:
    """New addresses for a body's links and pictures."""

    def __init__(self, run, placed, local):
        self.blog, self.local, self.report = run.blog, local, run.report
        self.base = run.blog.url
        self.targets = {}
        for place in placed:
            number = ("p" if place.kind == "article" else "page_id", place.item.id)
            for key in (place.old, ("path", place.url), number):
                if key and key[1]:
                    self.targets.setdefault(key, place)

    def media(self, url):
        full = files.absolute(url, self.base)
        if full in self.local:
            return "{static}/" + self.local[full]
        return full or url

    def link(self, url):
        address, _hash, fragment = url.partition("#")
        if files.is_medium(address):
            return self.media(url)
        place = self.targets.get(self.blog.old_address(address))
        if place is None:
            return files.absolute(url, self.base) if url.startswith("/") else url
        if place.privacy != "published":
            self.report.unlinked += 1
            return None
        anchor = _COMMENT_ANCHOR.sub(r"comment-wp-\1", fragment)
        return "{filename}/" + place.file + (f"#{anchor}" if anchor else "")


# ---- 4. Writing ----------------------------------------------------------


def _post_file(run, place, converted, rewrite):
    """``(path, text)`` of a post not imported before, read back; else None."""
    settings, report = run.settings, run.report
    path = run.content / place.file
    html, unknown = converted
    for name in unknown:
        report.shortcodes[name] += 1
    if path.exists():
        report.present += 1
        return None
    item = place.item
    before_more, body = split_marked(to_markdown(html, rewrite.link, rewrite.media))
    post = Post(
        title=place.title,
        date=place.date,
        slug=place.slug,
        privacy=place.privacy,
        body=body,
        names=names_of(item, run.channel.authors, lambda name: slug_of(name, settings)),
        modified=moment(item.modified, item.modified_gmt, run.tz),
        summary=summary_of(item.excerpt, before_more, rewrite.link),
        permalink=place.permalink,
        redirect_from=place.redirect_from,
    )
    text = post_text(post)
    problem = _read_back(text, path, place, settings)
    if problem:
        report.skip("does not read back")
        report.problems.append(problem)
        return None
    return path, text


def _write_all(run, files):
    """Every new post's file, none over one that is there; one sync for all."""
    report = run.report
    if report.dry_run:
        report.new += len(files)
        return
    for (path, _text), made in zip(files, create_all_exclusive(files), strict=True):
        if made:
            report.new += 1
            report.written.append(path)
        else:
            report.present += 1


def _read_back(text, path, place, settings):
    """Why the file would not be read as meant (an error, or other privacy)."""
    read = read_data(text.encode("utf-8"), str(path), settings, shown=place.file)
    if read.errors:
        return str(read.errors[0])
    if read.private != (place.privacy != "published"):
        return f"{place.file}: would not be as private as on WordPress"
    return None
