"""The timeline's settings: ``TIMELINE = {...}`` in pelicanconf.py, merged per key."""

import logging

logger = logging.getLogger(__name__)

DEFAULTS = {
    "auto": True,  # a post with a log and no [timeline] marker gets a chart
    "weeks": 2,  # how many weeks, ending on the post's day, a post's chart shows
    "sustained_beats": 5,  # this many beats or more is sustained clonus
    "export": True,  # write data/journal.json and data/episodes.csv into the output
    "export_path": "data",
    "svg_file": "timeline.svg",  # each post's chart, written beside the post
}
_CHECKS = {
    "auto": (lambda v: isinstance(v, bool), "must be True or False"),
    "weeks": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 520,
        "must be a whole number of weeks from 1 to 520",
    ),
    "sustained_beats": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
        "must be a whole number of beats, 1 or more",
    ),
    "export": (lambda v: isinstance(v, bool), "must be True or False"),
    "export_path": (
        lambda v: isinstance(v, str) and v.strip("/") and ".." not in v,
        "must be a folder inside the output, such as 'data'",
    ),
    "svg_file": (
        lambda v: isinstance(v, str) and v.endswith(".svg") and "/" not in v,
        "must be a file name ending in .svg",
    ),
}


def timeline_settings(settings):
    """The merged ``TIMELINE`` settings; a bad key is logged and its default kept."""
    given = settings.get("TIMELINE") or {}
    if not isinstance(given, dict):
        logger.error("timeline: TIMELINE must be a dict of settings; using defaults")
        return dict(DEFAULTS)
    merged = dict(DEFAULTS, **given)
    for key in _check_config(given):
        merged[key] = DEFAULTS.get(key)
    return {key: merged[key] for key in DEFAULTS}


def _check_config(given):
    """Log one precise message per bad key; return the bad keys."""
    bad = []
    for key, value in given.items():
        if key not in _CHECKS:
            known = ", ".join(DEFAULTS)
            logger.error("timeline: TIMELINE[%r] is not a setting (%s)", key, known)
            bad.append(key)
            continue
        valid, message = _CHECKS[key]
        if not valid(value):
            logger.error("timeline: TIMELINE[%r] %s, got %r", key, message, value)
            bad.append(key)
    return bad
