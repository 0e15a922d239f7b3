"""Text that every output format can carry."""

import re

# Characters XML 1.0 forbids (C0 controls but tab and newlines, lone
# surrogates, U+FFFE/U+FFFF): useless in a post, and fatal to a feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text):
    """``text`` without the characters XML cannot carry."""
    return _NOT_XML.sub("", text)


def strings_in(value):
    """Every string in ``value``, a string or dicts, lists, tuples and sets of them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from strings_in(item)
