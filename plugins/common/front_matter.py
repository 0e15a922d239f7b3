"""YAML without the YAML 1.1 surprises that corrupt health data.

Only these plain scalars get a type: ``null``/``~``/empty, ``true``/``false``,
decimal integers and decimal floats. Everything else stays a string: ``12:30``
is not 750, ``no``/``on``/``off`` are not booleans, ``010`` is ten, dates are
text for the model to read in the site's time zone.

``load`` also returns where each value sits, so that every problem can name
its line, and the text of each number as written, so that a title of
``3.10`` stays "3.10". Keys are read in any letter case (``Private`` is
``private``). Aliases and duplicate keys (in any case) are refused: a health
log has no use for either, and aliases are how a small file expands into a
huge one.

Most front matter has one shape: ``name: value`` lines and lists of such
entries, as ``invoke new`` and ``invoke log`` write them. ``load`` reads that
shape line by line, several times faster than PyYAML, and gives anything
else (a comment after a value, a block scalar, an escape, deeper nesting) to
PyYAML. Both give the same data and lines: a property test compares them.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field

import frontmatter
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


class FrontMatterError(Exception):
    """A file that starts with ``---`` but has no front matter we can split."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


class _Handler(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler; a marker line may end in a comment."""

    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


_HANDLER = _Handler()
_OPENING = re.compile(r"\s*-{3}")


def normalize_newlines(text):
    """``text`` with ``\\r\\n`` and a lone ``\\r`` read as ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def starts_with_front_matter(text):
    """True for a text whose first line (after a BOM and blank lines) starts
    with ``---``: ours, to read as front matter or hold back, never to render."""
    return _OPENING.match(text.lstrip("\ufeff")) is not None


def split_front_matter(text):
    """``(front, its first line, body, the body's first line)`` of a text with
    ``\\n`` line ends that ``starts_with_front_matter``.

    ``front`` starts on the opening ``---`` line, as ``load`` counts lines.
    Raises FrontMatterError for a first line that is more than ``---`` (and a
    comment) or a front matter with no closing ``---`` line.
    """
    start = len(text) - len(text.lstrip())
    line = text.count("\n", 0, start) + 1
    if not _HANDLER.FM_BOUNDARY.match(text, start):
        raise FrontMatterError(
            line, "the first line must be '---' alone (a # comment after it is fine)"
        )
    try:
        front, body = _HANDLER.split(text[start:])
    except ValueError:
        raise FrontMatterError(line, "no closing '---' line") from None
    body = body.removeprefix("\n")
    return front, line, body, text.count("\n", 0, len(text) - len(body)) + 1


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

    ``lines`` maps a path such as ``("episodes", 0, "beats")`` to a line;
    ``numbers`` maps the path of each plain number to its text as written.
    """

    data: object
    lines: dict
    numbers: dict = field(default_factory=dict)

    def line(self, *path):
        """The line of the deepest known value along ``path``."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def written(self, *path):
        """The value at ``path`` as text, as written for a number: ``3.10``."""
        return self.numbers.get(path)


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
        lines, numbers = {}, {}
        _walk(node, (), (lines, numbers), set(), first_line)
        data = _fold_keys(loader.construct_document(node))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        raise YamlProblem(
            line, "yaml", _yaml_message(error, first_line, text)
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, "yaml", str(error)) from None
    except (ValueError, OverflowError) as error:
        raise YamlProblem(first_line, "yaml", f"unreadable value ({error})") from None
    finally:
        loader.dispose()
    return Loaded(data, lines, numbers)


def _fold_keys(value):
    """``value`` with every mapping key in lower case (``_walk`` refused clashes)."""
    if isinstance(value, dict):
        return {_folded(key): _fold_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fold_keys(item) for item in value]
    return value


def _folded(key):
    return key.lower() if isinstance(key, str) else key


TABS = "indent with spaces, not tabs"
# How to mend the usual mistakes, found by words of PyYAML's problem or context.
_HINTS = (
    (
        "mapping values are not allowed",
        "a value with ': ' in it needs quotes: title: \"Stairs: again\"",
    ),
    ("tab character", TABS),
    ("an alias", 'a value that starts with * or & needs quotes: note: "*bad* day"'),
    ("an anchor", 'a value that starts with * or & needs quotes: note: "*bad* day"'),
    ("cannot start any token", "a value that starts with @, ` or % needs quotes"),
    ("a quoted scalar", "a quote is opened and not closed; close it, or drop it"),
    (
        "a flow sequence",
        "a [list] is not closed with ], or a value that starts "
        'with [ needs quotes: title: "[draft] notes"',
    ),
    ("a flow mapping", "a { is not closed, or a value that starts with { needs quotes"),
    (
        "expected ':'",
        "each line is 'name: value'; a value that goes on to the "
        "next line needs quotes",
    ),
    ("'-' indicator", "the lines of one list item start in the same column"),
    (
        "expected key",
        "check the indentation, and quote a value that starts with [ or {",
    ),
)


def _yaml_message(error, first_line, text):
    """PyYAML's problem, what it was reading and from which line, and a hint."""
    message = error.problem or "not valid YAML"
    if error.context and error.context_mark:
        line = first_line + error.context_mark.line
        message += f" ({error.context} from line {line})"
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
        return f"{message}: {TABS}"
    hint = next((hint for words, hint in _HINTS if words in message), None)
    return f"{message}: {hint}" if hint else message


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _walk(node, path, found, seen, first_line, *, line=None):
    """Record each node's line, and each plain number's text, in ``found``
    (``(lines, numbers)``); refuse aliases, duplicate keys and deep nesting.

    ``line`` is where the node is used; an alias node's own mark is its anchor's.
    """
    field = _field_name(path)
    if id(node) in seen:
        raise YamlProblem(line, field, "aliases (*name) are not allowed")
    line = first_line + node.start_mark.line
    if len(path) > MAX_DEPTH:
        raise YamlProblem(line, field, f"nested deeper than {MAX_DEPTH} levels")
    seen.add(id(node))
    lines, numbers = found
    lines[path] = line
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.tag in _NUMBER_TAGS:  # plain: None or ""
            numbers[path] = node.value
    elif isinstance(node, yaml.SequenceNode):
        used = line
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), found, seen, first_line, line=used)
            used = first_line + item.end_mark.line
    elif isinstance(node, yaml.MappingNode):
        keys = set()
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                raise YamlProblem(key_line, field, "keys must be plain names")
            key = key_node.value.lower()
            if key in keys:
                raise YamlProblem(key_line, _field_name((*path, key)), "given twice")
            keys.add(key)
            _walk(value_node, (*path, key), found, seen, first_line, line=key_line)
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
    data, found = {}, ({(): rows[0][0]}, {})
    try:
        position = 0
        while position < len(rows):
            number, line = rows[position]
            key, value = _entry(line, data)
            found[0][(key,)] = number
            position += 1
            if value:
                data[key] = _value(value, (key,), number, found)
            elif position < len(rows) and _item_indent(rows[position][1]) is not None:
                data[key], position = _sequence(rows, position, (key,), found)
            elif position < len(rows) and rows[position][1].startswith(" "):
                return None  # a nested mapping or a continued scalar
            else:
                data[key] = None
    except _NotSimple:
        return None
    return Loaded(data, *found)


def _entry(line, seen):
    """``(name in lower case, value text)`` of a ``name: value`` line, new in
    ``seen``."""
    match = _ENTRY.match(line)
    if match is None:
        raise _NotSimple
    name, value = match.groups()
    if name.lower() in seen or name in _NOT_NAMES:
        raise _NotSimple
    return name.lower(), value.rstrip(" ") if value else ""


def _item_indent(line):
    """The indent of a ``- `` list item line, else None."""
    indent = len(line) - len(line.lstrip(" "))
    return indent if line.startswith("- ", indent) else None


def _sequence(rows, position, path, found):
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
        found[0][item_path] = number
        rest = line[indent + 2 :]
        position += 1
        if _ENTRY.match(rest) is None:
            items.append(_value(rest.rstrip(" "), item_path, number, found))
        else:
            where = (item_path, found)
            item, position = _item_entries(rows, position, indent, rest, where)
            items.append(item)
    return items, position


def _item_entries(rows, position, indent, first, item):
    """One list item's ``name: value`` lines; ``(data, next)``.

    ``item`` is ``(path, found)``: where the item is and what ``_value`` fills.
    """
    path, found = item
    data = {}
    number = rows[position - 1][0]
    while True:
        key, value = _entry(first, data)
        found[0][(*path, key)] = number
        data[key] = _value(value, (*path, key), number, found) if value else None
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
    return data, position


def _value(text, path, number, found):
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
            found[0][(*path, index)] = number
        return [
            _plain(word, (*path, index), found[1]) for index, word in enumerate(words)
        ]
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
    return _plain(text, path, found[1])


def _plain(text, path, numbers):
    """A plain scalar typed as the loader types it; a number's text goes in
    ``numbers``."""
    match = _TYPED.fullmatch(text)
    if match is None:
        return text
    kind = match.lastindex
    if kind == _INT:
        if len(text) > _MAX_DIGITS:
            raise _NotSimple
        numbers[path] = text
        return int(text, 10)
    if kind == _FLOAT:
        numbers[path] = text
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
