"""The symptom-log model: episodes, medications, visits and ratings of each post.

The reader attaches a validated ``SymptomLog`` to each article as
``article.symptom_log``; this plugin gathers them into one ``Journal``
(``symptom_journal`` in the template context) with the derived medication
periods, and gives templates each rating's scale (``rating_scales``).
"""

import logging

from pelican import signals

from .journal import Journal
from .model import RATING_SCALES

logger = logging.getLogger(__name__)


def gather_journal(generator):
    logs = [
        (article.relative_source_path, article.symptom_log)
        for article in generator.articles
        if getattr(article, "symptom_log", None)
    ]
    journal = Journal.from_logs(logs)
    for warning in journal.warnings:
        logger.warning("symptom_log: %s", warning)
    generator.context["symptom_journal"] = journal
    generator.context["rating_scales"] = RATING_SCALES


def register():
    signals.article_generator_finalized.connect(gather_journal)
