"""YAML without the YAML 1.1 surprises that corrupt health data.

Only these plain scalars get a type: ``null``/``~``/empty, ``true``/``false``,
decimal integers and decimal floats. Everything else stays a string: ``12:30``
is not 750, ``no``/``on``/``off`` are not booleans, ``010`` is ten, dates are
text for the model to read in the site's time zone.

``load`` also returns where each value sits, so that every problem can name
its line. Aliases and duplicate keys are refused: a health log has no use for
either, and aliases are how a small file expands into a huge one.

Most front matter has one shape: ``name: value`` lines and lists of such
entries, as ``invoke new`` and ``invoke log`` write them. ``load`` reads that
shape line by line, several times faster than PyYAML, and gives anything
else (a comment after a value, a block scalar, an escape, deeper nesting) to
PyYAML. Both give the same data and lines: a property test compares them.
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
# The same four types as one pattern, a group each, for the fast reader.
_TYPED = re.compile("|".join(f"({pattern[1:-1]})" for _t, pattern, _f in _RESOLVERS))
_BOOL, _INT, _FLOAT = 2, 3, 4  # group 1 is null


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
    simple = load_simple(text, first_line)
    return simple if simple is not None else load_yaml(text, first_line)


def load_yaml(text, first_line=1):
    """``load`` by PyYAML, whatever the shape of the text."""
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


# Characters that make YAML read a line differently from ``str.split`` (tabs,
# carriage returns, its other line breaks, what it refuses as unprintable),
# and those the loader drops (``xml_safe``).
_NOT_SIMPLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$")
_NOT_NAMES = {
    *("null", "Null", "NULL"),
    *("true", "True", "TRUE"),
    *("false", "False", "FALSE"),
}
# A plain scalar whose first character is no YAML indicator.
_PLAIN = re.compile(r"(?:[\w(./+~$<=]|-\d)[^\n]*")
_FLOW_ITEM = re.compile(r"\w[\w .'/()+&-]*")
# The inside of a double-quoted scalar that YAML and JSON read alike: JSON's
# escapes but for surrogates, which JSON pairs and YAML does not.
_QUOTED = re.compile(
    r'(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{4})*'
)
_MAX_DIGITS = 30


class _NotSimple(Exception):
    """The text has another shape: PyYAML reads it."""


def load_simple(text, first_line=1):
    """``load`` for ``name: value`` lines and lists of them; None for anything else."""
    if _NOT_SIMPLE.search(text):
        return None
    rows = [
        (number, line)
        for number, line in enumerate(text.split("\n"), first_line)
        if line.lstrip(" ")[:1] not in ("", "#")
    ]
    if not rows:
        return Loaded({}, {(): first_line})
    data, lines = {}, {(): rows[0][0]}
    try:
        position = 0
        while position < len(rows):
            number, line = rows[position]
            key, value = _entry(line, data)
            lines[(key,)] = number
            position += 1
            if value:
                data[key] = _value(value, (key,), number, lines)
            elif position < len(rows) and _item_indent(rows[position][1]) is not None:
                data[key], position = _sequence(rows, position, (key,), lines)
            elif position < len(rows) and rows[position][1].startswith(" "):
                return None  # a nested mapping or a continued scalar
            else:
                data[key] = None
    except _NotSimple:
        return None
    return Loaded(data, lines)


def _entry(line, seen):
    """``(name, value text)`` of a ``name: value`` line, new in ``seen``."""
    match = _ENTRY.match(line)
    if match is None:
        raise _NotSimple
    name, value = match.groups()
    if name in seen or name in _NOT_NAMES:
        raise _NotSimple
    return name, value.rstrip(" ") if value else ""


def _item_indent(line):
    """The indent of a ``- `` list item line, else None."""
    indent = len(line) - len(line.lstrip(" "))
    return indent if line.startswith("- ", indent) else None


def _sequence(rows, position, path, lines):
    """A block list whose first item is ``rows[position]``; ``(items, next)``."""
    indent = _item_indent(rows[position][1])
    items = []
    while position < len(rows):
        number, line = rows[position]
        if _item_indent(line) != indent:
            if line.startswith(" "):
                raise _NotSimple
            break  # the list ends at the next name
        item_path = (*path, len(items))
        lines[item_path] = number
        rest = line[indent + 2 :]
        position += 1
        if _ENTRY.match(rest) is None:
            items.append(_value(rest.rstrip(" "), item_path, number, lines))
        else:
            entries, position = _item_entries(rows, position, indent, rest, item_path)
            lines.update(entries[1])
            items.append(entries[0])
    return items, position


def _item_entries(rows, position, indent, first, path):
    """One list item's ``name: value`` lines; ``((data, lines), next)``."""
    data, lines = {}, {}
    number = rows[position - 1][0]
    while True:
        key, value = _entry(first, data)
        lines[(*path, key)] = number
        data[key] = _value(value, (*path, key), number, lines) if value else None
        if position == len(rows):
            break
        number, line = rows[position]
        inside = len(line) - len(line.lstrip(" "))
        if inside <= indent:
            break
        if inside != indent + 2:
            raise _NotSimple
        first = line[inside:]
        position += 1
    return (data, lines), position


def _value(text, path, number, lines):
    """A one-line scalar or ``[flow, list]`` of plain words."""
    if not text:
        raise _NotSimple  # an empty list item
    first = text[0]
    if first == "[":
        if not text.endswith("]"):
            raise _NotSimple
        inside = text[1:-1].strip(" ")
        words = [word.strip(" ") for word in inside.split(",")] if inside else []
        for index, word in enumerate(words):
            if not _FLOW_ITEM.fullmatch(word):
                raise _NotSimple
            lines[(*path, index)] = number
        return [_plain(word) for word in words]
    if first == '"':
        inside = text[1:-1]
        if len(text) < 2 or not text.endswith('"') or not _QUOTED.fullmatch(inside):
            raise _NotSimple
        return xml_safe(json.loads(text)) if "\\" in inside else inside
    if first == "'":
        inside = text[1:-1]
        if len(text) < 2 or not text.endswith("'") or "'" in inside:
            raise _NotSimple
        return inside
    if not _PLAIN.fullmatch(text) or ": " in text or " #" in text or text[-1] == ":":
        raise _NotSimple
    return _plain(text)


def _plain(text):
    """A plain scalar typed as the loader types it."""
    match = _TYPED.fullmatch(text)
    if match is None:
        return text
    kind = match.lastindex
    if kind == _INT:
        if len(text) > _MAX_DIGITS:
            raise _NotSimple
        return int(text, 10)
    if kind == _FLOAT:
        return float(text)
    return text.lower() == "true" if kind == _BOOL else None


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
