"""The Pelican edge of the timeline: markers, automatic charts, the page, files.

Receivers only: everything they draw or write comes from the domain modules
beside this one. A bad ``[timeline]`` option is logged as
``timeline: path:line: [timeline ...]: reason`` and the marker dropped; the
rest of the build goes on.
"""

import logging
import os
import posixpath
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path

from markupsafe import Markup
from pelican.generators import ArticlesGenerator
from pelican.utils import truncate_html_words

from plugins.common.cache import Entries, Manifest, key
from plugins.common.files import write_output
from plugins.common.front_matter import normalize_newlines
from plugins.common.signals import output_written
from plugins.symptom_log.journal import Journal

from .chart import (
    EpisodeIndex,
    chart_entries,
    first_day,
    honest_start,
    lay_out,
    logged_days,
)
from .config import timeline_settings
from .export import episodes_csv, journal_json
from .figure import feed_image, render
from .journal_page import journal_page, page_from_json, page_json
from .markers import (
    MARKER,
    STRAY_MARKER,
    OptionError,
    Window,
    marker_problems,
    parse_options,
)

logger = logging.getLogger(__name__)
PAGE_DEFAULTS = {"TIMELINE_SAVE_AS": "timeline/index.html", "TIMELINE_URL": "timeline/"}


@dataclass(frozen=True)
class ChartInputs:
    """What every chart of one build is drawn from."""

    journal: Journal
    index: EpisodeIndex  # the journal's episodes by day
    logged: set  # days with any entry
    sites: set  # the sites the journal knows, for [timeline sites=...]
    words: dict  # each episode's words, shared by the charts it appears in
    texts: dict  # id of each of the journal's entries -> its text, for keys
    start: object  # the journal's first day: no chart starts before it
    cache: Entries  # drawn charts, kept between builds
    files: Manifest  # which charts' files in the output are what their key drew
    settings: str  # the TIMELINE settings, part of every chart's key


def prepare_timelines(generators):
    """Replace markers, plan automatic charts, prepare the journal page."""
    generator = _articles_generator(generators)
    if generator is None:
        return
    settings = timeline_settings(generator.settings)
    journal = generator.context.get("symptom_journal") or Journal()
    logged = logged_days(journal, _post_days(generator.articles))
    cache = Entries(generator.settings, "charts")
    inputs = ChartInputs(
        journal=journal,
        index=EpisodeIndex(journal.episodes),
        logged=logged,
        sites={e.site for e in journal.episodes if e.site},
        words={},
        texts=entry_texts(journal),
        start=first_day(journal, logged),
        cache=cache,
        files=Manifest(cache, "automatic charts' files"),
        settings=repr(sorted(settings.items())),
    )
    files = {}
    for article in generator.articles:
        folder = posixpath.dirname(article.save_as)
        charts = _embed(article, inputs, settings)
        if charts or hasattr(article, "timeline_window"):
            article.timeline_svg = posixpath.join(folder, settings["svg_file"])
        for name, svg in charts:
            files[posixpath.join(folder, name)] = svg
    generator.context["timeline_files"] = files
    generator.context["timeline_inputs"] = inputs
    generator.context["timeline"] = _journal_page(inputs)
    # What every page's menu needs of the journal page: its address, not the
    # journal (a page's cache key holds what its template reads).
    generator.context["timeline_address"] = _page_address(generator.settings)
    generator.context["timeline_settings"] = settings


def _automatic(article):
    """``(window, id prefix, SVG file)`` of a post's automatic chart, or None."""
    if not hasattr(article, "timeline_window"):
        return None
    return article.timeline_window, "tl-" + str(article.slug), article.timeline_svg


def draw_automatic_chart(generator, content):
    """Give a post its automatic chart just before its page is written.

    The page's figure is dropped once the page is written (``forget_figure``):
    a build holds a chart or two, not a thousand.
    """
    inputs = generator.context.get("timeline_inputs")
    chart = _automatic(content)
    if chart is None or inputs is None:
        return
    window, prefix, svg_file = chart
    name = posixpath.basename(svg_file)
    entry, entries = _chart_key(inputs, window, prefix, name)
    late = LateChart(entry, lambda: _drawn(inputs, entry, entries, prefix, name))
    inputs.cache.retain(entry)  # drawn or not, the next build may need it
    path = Path(generator.output_path) / svg_file
    if inputs.files.holds(entry, path):
        output_written.send(os.fspath(path))
    else:
        svg = late.drawn()[1].encode("utf-8")
        write_output(path, svg)
        inputs.files.made(entry, svg, path)
    content.timeline_figure = late


class LateChart:
    """A post's automatic chart on its page: known by its key (``view_key``)
    until the page is rendered, then taken from the cache or drawn. So a
    rebuild that keeps a post's page never reads its chart."""

    def __init__(self, entry, draw):
        self._entry, self._draw, self._drawn = entry, draw, None

    def view_key(self):
        return self._entry.encode()

    def drawn(self):
        """``(figure, SVG)``."""
        if self._drawn is None:
            self._drawn = self._draw()
        return self._drawn

    def __html__(self):
        return self.drawn()[0]


def feed_chart(article, site_url):
    """A post's chart as an image in its feed entry, after its log in words:
    feed readers drop inline SVG."""
    chart = getattr(article, "timeline_svg", None)
    if not (chart and getattr(article, "symptom_log", None)):
        return ""
    return feed_image(f"{site_url}/{chart}")


def forget_figure(path, context):
    """After a post's page is written, its automatic chart is not needed."""
    article = context.get("article")
    if article is not None and hasattr(article, "timeline_figure"):
        del article.timeline_figure


def _articles_generator(generators):
    return next((g for g in generators if isinstance(g, ArticlesGenerator)), None)


def _post_days(articles):
    """Days on which a post with a log was written: logged, even if nothing happened."""
    return {a.date.date() for a in articles if getattr(a, "symptom_log", None)}


def _embed(article, inputs, settings):
    """Put the marked charts into one article; return ``[(file name, SVG)]``.

    Each chart's file sits beside the post (``timeline.svg``, then
    ``timeline-2.svg``...), linked from its caption.
    """
    content = article._content
    _warn_stray_markers(article, content)
    markers = list(MARKER.finditer(content))
    slug = "tl-" + str(article.slug)
    if not markers:
        if not (settings["auto"] and getattr(article, "symptom_log", None)):
            return []
        # After the text, through the theme: the content (and so its summary,
        # and Pelican's link rewriting) stays as the writer wrote it. Drawn
        # when the page is written (draw_automatic_chart).
        article.timeline_window = _auto_window(article, settings)
        return []
    _keep_summary(article, MARKER.sub("", content))
    post_day = article.date.date()
    for problem in _marker_problems(article, settings, inputs.sites):
        logger.error("timeline: %s", problem)
    svgs = []  # each marker's SVG, None where its options were refused
    names = []

    def replace(match):
        index = len(svgs)
        try:
            window = parse_options(
                match.group("options"),
                post_day=post_day,
                default_weeks=settings["weeks"],
                known_sites=inputs.sites,
            )
        except OptionError:  # reported above, with its line
            svgs.append(None)
            return ""
        prefix = slug if index == 0 else f"{slug}-{index + 1}"
        names.append(_svg_name(settings["svg_file"], len(names)))
        figure, svg = _chart(inputs, window, prefix, names[-1])
        svgs.append(svg)
        return figure

    article._content = MARKER.sub(replace, content)
    return list(zip(names, (svg for svg in svgs if svg), strict=True))


def _svg_name(first, index):
    """``timeline.svg``, ``timeline-2.svg``, ...: the post's charts, in order."""
    stem, extension = posixpath.splitext(first)
    return first if index == 0 else f"{stem}-{index + 1}{extension}"


def _warn_stray_markers(article, content):
    for _match in STRAY_MARKER.finditer(MARKER.sub("", content)):
        logger.warning(
            "timeline: %s: a [timeline] line needs a blank line before and after "
            "it; left as text",
            os.path.relpath(article.source_path),
        )


def _auto_window(article, settings):
    """The configured weeks ending on the post's day (or its latest entry)."""
    log = article.symptom_log
    days = [e.at.date() for e in log.episodes]
    days += [c.date for c in log.medications] + [v.date for v in log.visits]
    last = max([article.date.date(), *days])
    first = min([last - timedelta(days=7 * settings["weeks"] - 1), *days])
    return Window(first, last)


def _chart(inputs, window, prefix, full_size):
    """``(figure, SVG)`` of the chart of ``window``, never starting before the
    journal, ``full_size`` the name of its file: drawn, or kept from a build
    that drew exactly the same chart with the same settings and code."""
    entry, chart = _chart_key(inputs, window, prefix, full_size)
    return _drawn(inputs, entry, chart, prefix, full_size)


def _chart_key(inputs, window, prefix, full_size):
    """``(key, chart of its entries)`` of the chart of ``window``: the lanes
    and marks follow from the entries."""
    first = honest_start(window.first, window.last, inputs.start)
    chart = chart_entries(
        inputs.journal,
        first,
        window.last,
        sites=window.sites,
        logged=inputs.logged,
        index=inputs.index,
    )
    facts = fingerprint(chart, inputs.texts)
    return key("chart", prefix, full_size, inputs.settings, *facts), chart


def _drawn(inputs, entry, chart, prefix, full_size):
    """``(figure, SVG)`` of ``chart``, kept under ``entry`` or drawn."""
    kept = inputs.cache.get(entry)
    if kept is not None:
        length, _newline, rest = kept.partition(b"\n")
        figure = rest[: int(length)].decode("utf-8")
        return Markup(figure), rest[int(length) :].decode("utf-8")
    figure, svg = render(lay_out(chart, inputs.words), prefix, inputs.words, full_size)
    drawn = str(figure).encode("utf-8")
    inputs.cache.put(entry, b"%d\n%s%s" % (len(drawn), drawn, svg.encode("utf-8")))
    return figure, svg


def fingerprint(chart, texts):
    """Everything a chart shows, as text that is the same in every run;
    ``texts`` are the journal's entries' (``entry_texts``)."""
    for item in fields(chart):
        if item.repr:
            value = getattr(chart, item.name)
            if isinstance(value, set | frozenset):
                value = sorted(value)
            if item.name in JOURNAL_ENTRIES:
                yield f"{item.name}=[" + ",".join(_texts(value, texts))
            else:
                yield f"{item.name}={value!r}"


JOURNAL_ENTRIES = ("episodes", "periods", "changes", "visits")  # shared by charts


def entry_texts(journal):
    """``{id: repr}`` of the journal's entries, made once a build: a window
    holds hundreds of episodes, shared by dozens of charts. (The journal
    lives as long as the build, so no id is given to another meanwhile.)"""
    entries = (journal.episodes, journal.periods, journal.medications, journal.visits)
    return {id(item): repr(item) for kind in entries for item in kind}


def _texts(items, texts):
    """The texts of ``items``, with no call per item (each one's ``repr`` if
    one is not the journal's)."""
    try:
        return list(map(texts.__getitem__, map(id, items)))
    except KeyError:
        return list(map(repr, items))


def _marker_problems(article, settings, sites):
    try:
        text = Path(article.source_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return marker_problems(
        normalize_newlines(text),
        os.path.relpath(article.source_path),
        post_day=article.date.date(),
        default_weeks=settings["weeks"],
        known_sites=sites,
    )


def _keep_summary(article, content):
    """The summary from the text, so an index page never shows half a chart."""
    if "summary" in article.metadata:
        return
    limit = article.settings.get("SUMMARY_MAX_LENGTH")
    article._summary = (
        content
        if limit is None
        else truncate_html_words(
            content, limit, article.settings.get("SUMMARY_END_SUFFIX", "…")
        )
    )


def write_timelines(generator, writer):
    """Write the marked charts' SVGs, the journal page and the exports."""
    files = generator.context.get("timeline_files")
    if files is None:
        return
    output = Path(generator.output_path)
    for name, svg in files.items():
        write_output(output / name, svg)
    _write_page(generator, writer, output)
    settings = generator.context["timeline_settings"]
    inputs = generator.context["timeline_inputs"]
    if settings["export"]:
        folder = output / settings["export_path"].strip("/")
        exported, csv = _exports(inputs)
        write_output(folder / "journal.json", exported)
        write_output(folder / "episodes.csv", csv)
    inputs.files.keep()
    inputs.cache.prune()


def _journal_page(inputs):
    """The journal page's parts: made, or kept from a build of exactly the
    same entries and days logged."""
    logged = inputs.logged
    entry = key("journal page", *_journal_texts(inputs), repr(sorted(logged)))
    kept = inputs.cache.get(entry)
    page = None if kept is None else page_from_json(kept)
    if page is None:
        page = journal_page(inputs.journal, logged, inputs.index)
        inputs.cache.put(entry, page_json(page))
    return page


def _journal_texts(inputs):
    """The whole journal's entries as text, for the keys of what shows them all."""
    journal = inputs.journal
    return (
        *_texts(journal.episodes, inputs.texts),
        repr(journal.medications),
        repr(journal.periods),
        repr(journal.visits),
    )


def _exports(inputs):
    """``(journal.json, episodes.csv)`` of the journal: made, or kept from a
    build of exactly the same entries."""
    journal = inputs.journal
    entry = key("exports", *_journal_texts(inputs))
    kept = inputs.cache.get(entry)
    if kept is not None:
        length, _newline, rest = kept.partition(b"\n")
        return rest[: int(length)], rest[int(length) :]
    exported = journal_json(journal).encode("utf-8")
    csv = episodes_csv(journal.episodes).encode("utf-8")
    inputs.cache.put(entry, b"%d\n%s%s" % (len(exported), exported, csv))
    return exported, csv


@dataclass(frozen=True)
class PageAddress:
    save_as: str
    url: str


def _page_address(settings):
    """Where the journal page is written and linked, or None without one."""
    values = dict(PAGE_DEFAULTS)
    values.update({k: settings[k] for k in values if k in settings})
    if not values["TIMELINE_SAVE_AS"]:
        return None
    return PageAddress(values["TIMELINE_SAVE_AS"], values["TIMELINE_URL"])


def _write_page(generator, writer, output):
    address = generator.context["timeline_address"]
    if address is None:
        return
    save_as, url = address.save_as, address.url
    page = generator.context["timeline"]
    folder = posixpath.dirname(save_as)
    for name, svg in page.files.items():
        write_output(output / folder / name, svg)
    writer.write_file(
        save_as,
        generator.get_template("timeline"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=url,
        page_name=posixpath.splitext(save_as)[0],
        template_name="timeline",
    )
