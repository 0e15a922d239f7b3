"""The symptom-log model: episodes, medications, visits and ratings of each post.

The reader attaches a validated ``SymptomLog`` to each article as
``article.symptom_log``; this plugin gathers them into one ``Journal``
(``symptom_journal`` in the template context) with the derived medication
periods, gives templates each rating's scale (``rating_scales``) and the
wording of the log as filters (``duration_text``, ``medication_text``,
``visit_text``), shared with the feeds, where each post's entry carries its log
in words (``feed_item_content``).
"""

import logging
import os

from pelican import signals

from plugins.common.signals import feed_item_content

from .journal import Journal
from .model import RATING_SCALES
from .summary import duration_text, log_html, medication_text, visit_text

FILTERS = {
    "duration_text": duration_text,
    "medication_text": medication_text,
    "visit_text": visit_text,
}

logger = logging.getLogger(__name__)


def gather_journal(generator):
    logs = [
        (os.path.relpath(article.source_path), article.symptom_log)
        for article in generator.articles
        if getattr(article, "symptom_log", None)
    ]
    journal = Journal.from_logs(logs)
    for warning in journal.warnings:
        logger.warning("symptom_log: %s", warning)
    generator.context["symptom_journal"] = journal
    generator.context["rating_scales"] = RATING_SCALES


def feed_log(article, site_url):
    """A feed entry's log in words."""
    log = getattr(article, "symptom_log", None)
    return log_html(log) if log else ""


def add_filters(generator):
    generator.env.filters.update(FILTERS)


def register():
    feed_item_content.connect(feed_log)
    signals.generator_init.connect(add_filters)
    signals.article_generator_finalized.connect(gather_journal)
