"""YAML without the YAML 1.1 surprises that corrupt health data.

Only these plain scalars get a type: ``null``/``~``/empty, ``true``/``false``,
decimal integers and decimal floats. Everything else stays a string: ``12:30``
is not 750, ``no``/``on``/``off`` are not booleans, ``010`` is ten, dates are
text for the model to read in the site's time zone.

``load`` also returns where each value sits, so that every problem can name
its line. Aliases and duplicate keys are refused: a health log has no use for
either, and aliases are how a small file expands into a huge one.
"""

import json
import re
import unicodedata
from dataclasses import dataclass

import yaml

from plugins.common.text import xml_safe

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32


class YamlProblem(Exception):
    """A front matter that cannot be read; ``line`` is 1-based in the YAML."""

    def __init__(self, line, field, message):
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


class JournalLoader(_BaseLoader):
    """SafeLoader with YAML 1.2-like core scalars and no timestamps."""


JournalLoader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
        "-+.0123456789",
    ),
]
for _tag, _pattern, _first in _RESOLVERS:
    JournalLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _construct_decimal_int(loader, node):
    return int(loader.construct_scalar(node), 10)


def _construct_text(loader, node):
    return xml_safe(loader.construct_scalar(node))


JournalLoader.add_constructor("tag:yaml.org,2002:int", _construct_decimal_int)
JournalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
JournalLoader.add_constructor("tag:yaml.org,2002:str", _construct_text)


@dataclass(frozen=True)
class Loaded:
    """The data of one YAML document and the 1-based line of each value.

    ``lines`` maps a path such as ``("episodes", 0, "beats")`` to a line.
    """

    data: object
    lines: dict

    def line(self, *path):
        """The line of the deepest known value along ``path``."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def load(text, first_line=1):
    """Read YAML text whose first line is line ``first_line`` of its file."""
    loader = JournalLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded({}, {(): first_line})
        lines = {}
        _walk(node, (), lines, set(), first_line)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        raise YamlProblem(line, "yaml", _yaml_message(error, first_line)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, "yaml", str(error)) from None
    except (ValueError, OverflowError) as error:
        raise YamlProblem(first_line, "yaml", f"unreadable value ({error})") from None
    finally:
        loader.dispose()
    return Loaded(data, lines)


def _yaml_message(error, first_line):
    """PyYAML's problem, then what it was reading and from which line."""
    message = error.problem or "not valid YAML"
    if error.context and error.context_mark:
        line = first_line + error.context_mark.line
        message += f" ({error.context} from line {line})"
    return message


def _walk(node, path, lines, seen, first_line, *, line=None):
    """Record each node's line; refuse aliases, duplicate keys and deep nesting.

    ``line`` is where the node is used; an alias node's own mark is its anchor's.
    """
    field = _field_name(path)
    if id(node) in seen:
        raise YamlProblem(line, field, "aliases (*name) are not allowed")
    line = first_line + node.start_mark.line
    if len(path) > MAX_DEPTH:
        raise YamlProblem(line, field, f"nested deeper than {MAX_DEPTH} levels")
    seen.add(id(node))
    lines[path] = line
    if isinstance(node, yaml.SequenceNode):
        used = line
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, seen, first_line, line=used)
            used = first_line + item.end_mark.line
    elif isinstance(node, yaml.MappingNode):
        keys = set()
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                raise YamlProblem(key_line, field, "keys must be plain names")
            key = key_node.value
            if key in keys:
                raise YamlProblem(key_line, _field_name((*path, key)), "given twice")
            keys.add(key)
            _walk(value_node, (*path, key), lines, seen, first_line, line=key_line)
            lines[(*path, key)] = key_line


def _field_name(path):
    """The name a writer sees: ``("episodes", 0, "beats")`` -> ``beats``."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "front matter"


def double_quoted(text):
    """``text`` as a YAML double-quoted scalar that reads back as ``text``.

    JSON's string syntax is valid YAML; characters YAML refuses raw, or reads
    as line breaks, become escapes.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(_escape_unprintable(char) for char in quoted)


def _escape_unprintable(char):
    if unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp"):
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
