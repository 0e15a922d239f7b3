"""Client-side search: a small index of every public post, written with the site.

The plugin hands Pelican's articles, as plain values, to ``index.py`` and
writes the result into the output folder; ``theme/templates/search.html`` and
``theme/static/js/search.js`` search it in the reader's browser.
"""

import logging
import os

from pelican import signals

from plugins.common.files import write_output

from .index import IndexedPost, build_index, index_script, read_config

logger = logging.getLogger(__name__)


def _check_config(settings):
    config = read_config(settings.get("SEARCH", {}))
    for problem in config.problems:
        logger.error("search: SEARCH setting: %s", problem)
    return config


def add_context(generator):
    """Tell the templates where the index is (search.html loads it)."""
    generator.context["search_index"] = read_config(
        generator.settings.get("SEARCH", {})
    ).index


def _indexed(article):
    log = getattr(article, "symptom_log", None)
    return IndexedPost(
        title=article.title,
        url=article.url,
        date=article.date,
        html=article.content,
        tags=tuple(str(tag) for tag in getattr(article, "tags", []) or []),
        sites=tuple(e.site for e in log.episodes) if log else (),
        date_text=article.locale_date,
    )


def write_index(generator, writer):
    """Write the index after the articles: public articles only, no drafts."""
    config = _check_config(generator.settings)
    entries = build_index(map(_indexed, generator.articles), config.text_length)
    path = os.path.join(generator.output_path, *config.index.split("/"))
    write_output(path, index_script(entries, config.variable))
    logger.info("search: wrote %s posts to %s", len(entries), config.index)


def register():
    signals.article_generator_finalized.connect(add_context)
    signals.article_writer_finalized.connect(write_index)
