"""Full-text search: Pagefind indexes the built posts at the end of every build.

So ``invoke build``, ``serve``/``reserve``, ``livereload``, ``publish`` and a
plain ``pelican`` run all get search. ``pagefind.py`` runs Pagefind;
``theme/templates/search.html`` and ``theme/static/js/search.js`` search its
index in the reader's browser. A failure is a build error (``invoke publish``
then stops), never a search page silently without its index. A build in
which no page changed (``site_stamp``) keeps the index it has.
"""

import logging
import os
import time

from pelican import signals

from plugins.common.cache import Entries, key

from .pagefind import BUNDLE, SearchIndexError, index_site, read_config, site_stamp

logger = logging.getLogger(__name__)


def add_context(generator):
    """Tell the templates where the index is (search.html loads it)."""
    generator.context["search_bundle"] = BUNDLE


def index_output(pelican):
    """Index what this build wrote, once everything is written."""
    if not pelican.settings.get("SEARCH_SAVE_AS"):
        return  # no search page, no index
    config = read_config(pelican.settings.get("SEARCH", {}))
    for problem in config.problems:
        logger.error("search: SEARCH setting: %s", problem)
    output, language = pelican.output_path, pelican.settings["DEFAULT_LANG"]
    made = Entries(pelican.settings, "search")
    entry = key("pagefind", os.path.abspath(output))
    try:
        if made.get(entry) == site_stamp(output, language).encode():
            logger.info("search: no page changed since the index was made")
            return
        start = time.perf_counter()
        pages = index_site(output, language, config.timeout)
        made.put(entry, site_stamp(output, language).encode())
    except SearchIndexError as error:
        logger.error("search: %s; the search page cannot search", error)
        return
    seconds = time.perf_counter() - start
    logger.info("search: Pagefind indexed %s posts in %.1f s", pages, seconds)


def register():
    signals.article_generator_finalized.connect(add_context)
    signals.finalized.connect(index_output)
