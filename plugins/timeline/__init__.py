"""Clonus timelines: charts in posts, the journal timeline page, data export.

``[timeline ...]`` markers in a post become charts; a post with a log and no
marker gets one after its text. The page ``/timeline/`` shows the whole
journal; ``data/journal.json`` and ``data/episodes.csv`` export every public
entry. The drawing, the words and the files are plain Python beside this file.
"""

from pelican import signals

from .plugin import prepare_timelines, write_timelines


def register():
    signals.all_generators_finalized.connect(prepare_timelines)
    signals.article_writer_finalized.connect(write_timelines)
