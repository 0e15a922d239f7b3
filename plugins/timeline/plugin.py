"""The Pelican edge of the timeline: markers, automatic charts, the page, files.

Receivers only: everything they draw or write comes from the domain modules
beside this one. A bad ``[timeline]`` option is logged as
``timeline: path:line: [timeline ...]: reason`` and the marker dropped; the
rest of the build goes on.
"""

import logging
import os
import posixpath
from datetime import timedelta
from pathlib import Path

from pelican.generators import ArticlesGenerator
from pelican.utils import truncate_html_words

from plugins.common.background import Background, Stream
from plugins.common.files import write_atomic
from plugins.symptom_log.journal import Journal

from .chart import EpisodeIndex, build_chart, first_day, honest_start, logged_days
from .config import timeline_settings
from .export import episodes_csv, journal_json
from .figure import render
from .journal_page import journal_page
from .markers import (
    MARKER,
    STRAY_MARKER,
    OptionError,
    Window,
    marker_lines,
    parse_options,
)

logger = logging.getLogger(__name__)
PAGE_DEFAULTS = {"TIMELINE_SAVE_AS": "timeline/index.html", "TIMELINE_URL": "timeline/"}


def prepare_timelines(generators):
    """Replace markers, plan automatic charts, prepare the journal page."""
    generator = _articles_generator(generators)
    if generator is None:
        return
    settings = timeline_settings(generator.settings)
    journal = generator.context.get("symptom_journal") or Journal()
    logged = logged_days(journal, _post_days(generator.articles))
    sites = {e.site for e in journal.episodes if e.site}
    index = EpisodeIndex(journal.episodes)
    cache = {}  # each episode's words, shared by the charts it appears in
    data = (journal, index, logged, sites, cache)
    files = {}
    for article in generator.articles:
        folder = posixpath.dirname(article.save_as)
        charts = _embed(article, data, settings)
        if charts or hasattr(article, "timeline_window"):
            article.timeline_svg = posixpath.join(folder, settings["svg_file"])
        for name, svg in charts:
            files[posixpath.join(folder, name)] = svg
    generator.context["timeline_files"] = files
    generator.context["timeline_data"] = data
    automatic = [chart for chart in map(_automatic, generator.articles) if chart]
    if automatic:
        generator.context["timeline_charts"] = Stream(
            _draw_charts, data, automatic, generator.output_path
        )
    if settings["export"]:
        folder = Path(generator.output_path) / settings["export_path"].strip("/")
        generator.context["timeline_exports"] = Background(
            _write_exports, journal, folder
        )
    generator.context["timeline"] = journal_page(journal, logged, index)
    generator.context["timeline_settings"] = settings


def _write_exports(journal, folder):
    """``journal.json`` and ``episodes.csv``: in a second process, while the
    pages are written (``Background``)."""
    write_atomic(folder / "journal.json", journal_json(journal), durable=False)
    write_atomic(folder / "episodes.csv", episodes_csv(journal.episodes), durable=False)


def _automatic(article):
    """``(page, window, id prefix, SVG file)`` of a post's automatic chart."""
    if not hasattr(article, "timeline_window"):
        return None
    prefix = "tl-" + str(article.slug)
    return article.save_as, article.timeline_window, prefix, article.timeline_svg


def _draw_charts(data, charts, output):
    """Each post's automatic chart, in the order Pelican writes the posts.

    Runs in a second process (``Stream``) while Pelican writes the feeds and
    pages: it writes each SVG, and hands the page's figure over.
    """
    for page, window, prefix, svg_file in charts:
        figure, svg = _chart(data, window, prefix, posixpath.basename(svg_file))
        write_atomic(Path(output) / svg_file, svg, durable=False)
        yield page, figure


def draw_automatic_chart(generator, content):
    """Give a post its automatic chart just before its page is written.

    The second process has drawn it (``_draw_charts``), or this one draws it
    now. The page's figure is dropped once the page is written
    (``forget_figure``): a build holds a chart or two, not a thousand.
    """
    data = generator.context.get("timeline_data")
    chart = _automatic(content)
    if chart is None or data is None:
        return
    page, window, prefix, svg_file = chart
    figure = generator.context["timeline_charts"].get(page)
    if figure is None:
        figure, svg = _chart(data, window, prefix, posixpath.basename(svg_file))
        write_atomic(Path(generator.output_path) / svg_file, svg, durable=False)
    content.timeline_figure = figure


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


def _embed(article, data, settings):
    """Put the marked charts into one article; return ``[(file name, SVG)]``.

    Each chart's file sits beside the post (``timeline.svg``, then
    ``timeline-2.svg``...), linked from its caption. ``data`` is
    ``(journal, episode index, logged days, known sites, cache)``.
    """
    sites = data[3]
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
    lines = _marker_lines(article)
    svgs = []  # each marker's SVG, None where its options were refused
    names = []

    def replace(match):
        index = len(svgs)
        try:
            window = parse_options(
                match.group("options"),
                post_day=post_day,
                default_weeks=settings["weeks"],
                known_sites=sites,
            )
        except OptionError as error:
            line = lines[index] if index < len(lines) else "?"
            logger.error(
                "timeline: %s:%s: %s: %s",
                os.path.relpath(article.source_path),
                line,
                match.group(0)[3:-4].strip(),
                error,
            )
            svgs.append(None)
            return ""
        prefix = slug if index == 0 else f"{slug}-{index + 1}"
        names.append(_svg_name(settings["svg_file"], len(names)))
        figure, svg = _chart(data, window, prefix, names[-1])
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


def _chart(data, window, prefix, full_size):
    """``(figure, SVG)`` of one window; it never starts before the journal."""
    journal, index, logged, _sites, cache = data
    first = honest_start(window.first, window.last, first_day(journal, logged))
    chart = build_chart(
        journal,
        first,
        window.last,
        sites=window.sites,
        logged=logged,
        index=index,
        cache=cache,
    )
    return render(chart, prefix, cache, full_size)


def _marker_lines(article):
    try:
        text = Path(article.source_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return marker_lines(text)


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
    """Write the marked charts' SVGs and the journal page; wait for the exports."""
    files = generator.context.get("timeline_files")
    if files is None:
        return
    charts = generator.context.get("timeline_charts")
    if charts is not None:
        charts.close()
    output = Path(generator.output_path)
    for name, svg in files.items():
        write_atomic(output / name, svg, durable=False)
    _write_page(generator, writer, output)
    exports = generator.context.get("timeline_exports")
    if exports is not None:
        exports.result()


def _write_page(generator, writer, output):
    values = dict(PAGE_DEFAULTS)
    values.update({k: generator.settings[k] for k in values if k in generator.settings})
    save_as, url = values["TIMELINE_SAVE_AS"], values["TIMELINE_URL"]
    if not save_as:
        return
    page = generator.context["timeline"]
    folder = posixpath.dirname(save_as)
    for name, svg in page.files.items():
        write_atomic(output / folder / name, svg, durable=False)
    writer.write_file(
        save_as,
        generator.get_template("timeline"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=url,
        page_name=posixpath.splitext(save_as)[0],
        template_name="timeline",
    )
