"""What a fetch keeps between runs: one JSON file per source, of a dataclass.

The blogroll keeps each feed's state this way (plugins/blogroll/cache.py) and
the social-web comments each source's (plugins/comments/social_state.py).
A file says the version of its shape; one of another version, or one that
cannot be read, is moved aside as ``.json.unreadable`` (never lost, never
used) and the fetch starts afresh.
"""

import contextlib
import json
import logging
import os
from dataclasses import asdict, fields

logger = logging.getLogger(__name__)

PROBLEMS = (OSError, ValueError, TypeError, KeyError, AttributeError)


def state_json(state, version, **replaced):
    """The dataclass ``state`` as the text of its file; ``replaced`` gives
    fields as they are to be written (lists of objects as dicts, say)."""
    data = {**asdict(state), **replaced}
    return json.dumps({"version": version, **data}, ensure_ascii=False, indent=1)


def state_from_json(cls, text, version):
    """A ``cls`` from the text of its file, fields it does not know left out;
    ValueError if the text is not a state of ``version``."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("version") != version:
        raise ValueError(f"not a {cls.__name__} file of version {version}")
    known = {item.name for item in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in known})


def read_state(path, parse, what):
    """``parse`` of the file at ``path``; None if there is none, or if it
    cannot be read or parsed (then it is moved aside and a warning names
    ``what`` it held)."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except PROBLEMS as error:
        aside = path.with_suffix(".json.unreadable")
        logger.warning(
            "%s: cannot read the state of %s (%s); moved to %s",
            path,
            what,
            error,
            aside.name,
        )
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        return None
