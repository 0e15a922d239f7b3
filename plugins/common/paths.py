"""Names that content gives to files and folders, made safe to use on disk.

A post's slug names its folder of comments (``content/comments/<slug>/``)
and its pages; a slug comes from front matter, a WordPress export or a feed,
so it is untrusted. ``is_safe_segment`` is the one check of such a name;
``is_inside`` the check of the path made with it.
"""

import re
from pathlib import Path

MAX_SEGMENT_BYTES = 150  # in UTF-8: well under the 255 bytes of a file name
# Letters and digits of any script, "_" and "-": never ".", "/", "\" or NUL.
_SEGMENT = re.compile(r"[\w-]+")


def is_safe_segment(text):
    """Whether ``text`` can name one file or folder, and nothing more.

    Letters (any script), digits, ``-`` and ``_``, at most 150 bytes in
    UTF-8: no ``.`` or ``..``, no separator, no NUL, no space or control.
    """
    return (
        isinstance(text, str)
        and _SEGMENT.fullmatch(text) is not None
        and len(text.encode("utf-8")) <= MAX_SEGMENT_BYTES
    )


def is_inside(path, folder):
    """Whether ``path`` stays inside ``folder`` once ``..`` and links are resolved."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())
