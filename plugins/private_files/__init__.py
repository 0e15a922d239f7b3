"""Static files (images, PDFs) that only held-back posts use are not published.

A draft, a private post and a post with an error are never rendered, but a
file in ``STATIC_PATHS`` that only such a post uses would still be copied to
the output, with a name and metadata that can give the post away. Once every
generator has read its content (the static generator reads last), those files
are taken out of the static generator's list and of the context, before
anything is written. ``references.py`` decides which they are.
"""

from pelican import signals

from .edge import withhold_private_files


def register():
    signals.all_generators_finalized.connect(withhold_private_files)
