"""Clonus timelines: charts in posts, the journal timeline page, data export.

``[timeline ...]`` markers in a post become charts; a post with a log and no
marker gets one after its text. The page ``/timeline/`` shows the whole
journal; ``data/journal.json`` and ``data/episodes.csv`` export every public
entry. The drawing, the words and the files are plain Python beside this file.
"""

from pelican import signals

from plugins.common.signals import feed_item_content

from .plugin import (
    draw_automatic_chart,
    feed_chart,
    forget_figure,
    prepare_timelines,
    write_timelines,
)


def register():
    feed_item_content.connect(feed_chart)
    signals.all_generators_finalized.connect(prepare_timelines)
    signals.article_generator_write_article.connect(draw_automatic_chart)
    signals.content_written.connect(forget_figure)
    signals.article_writer_finalized.connect(write_timelines)
