"""The YAML loader keeps health data as written: no YAML 1.1 coercion."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.common.front_matter import (
    YamlProblem,
    load,
    load_simple,
    load_yaml,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12:30", "12:30"),
        ("1:30:00", "1:30:00"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("y", "y"),
        ("010", 10),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("2026-03-14", "2026-03-14"),
        ("2026-03-14 07:40:00", "2026-03-14 07:40:00"),
        ("true", True),
        ("false", False),
        ("~", None),
        ("", None),
        ("14", 14),
        ("-3", -3),
        ("6.5", 6.5),
        (".inf", ".inf"),
    ],
)
def test_plain_scalars_keep_their_meaning(text, expected):
    value = load(f"value: {text}").data["value"]
    assert value == expected
    assert type(value) is type(expected)


def test_lines_are_counted_in_the_file():
    loaded = load("\ntitle: x\nepisodes:\n  - site: ankle\n    beats: 4\n", 1)
    assert loaded.line("title") == 2
    assert loaded.line("episodes", 0) == 4
    assert loaded.line("episodes", 0, "beats") == 5
    assert loaded.line("episodes", 0, "unknown") == 4


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "given twice"),
        ("a: &x [1]\nb: *x\n", 2, "aliases"),
        ("a: [1\n", 2, "expected"),
        ("<<: {a: 1}\n", 1, "plain names"),
        ("? [a]\n: 1\n", 1, "plain names"),
        ("a: " + "[" * 40 + "]" * 40 + "\n", 1, "nested deeper"),
    ],
)
def test_unreadable_yaml_names_the_line(text, line, message):
    with pytest.raises(YamlProblem) as error:
        load(text)
    assert error.value.line == line
    assert message in error.value.message


# The fast reader against PyYAML: random front matter made of the shapes the
# fast reader knows, the near misses it must leave to PyYAML, and noise.
GOOD = [
    "ankle",
    "10 mg",
    "2026-03-14 07:40",
    "2026-03-14T07:40:00+01:00",
    "12:30",
    "14",
    "-3",
    "+5",
    "010",
    "6.5",
    ".5",
    "-0.0",
    "1e5",
    "it's",
    "Jaw [again]",
    "...",
    "…",
    "é",
    '"Day 0: again"',
    '"a \\"b\\""',
    '"\\u00e9"',
    "'single'",
    "[]",
    "[a, b]",
    "[standing up, 1, true]",
    "[a,b]",
    "http://example.org/#top",
    "C#",
    "a#b",
    "~x",
    "",
]
NEAR_MISSES = [
    "1_000",
    "0x10",
    "9" * 40,
    "~",
    "null",
    "NULL",
    "True",
    "false",
    "yes",
    "off",
    "a #b",
    "x:",
    "x: y",
    "-x",
    "- x",
    "|",
    ">",
    "&a b",
    "*a",
    "!x",
    "%x",
    "@x",
    "`x`",
    "a, b",
    "---",
    '"tab\\there"',
    '"\\ud83d\\ude00"',
    '"\\x41"',
    '"\\u0001"',
    '"unterminated',
    '"a" "b"',
    '"x" # note',
    "'it''s'",
    "'unterminated",
    "[a, , b]",
    "[a, b,]",
    "[a, [b]]",
    "[a: b]",
    "[-3]",
    "[a] b",
    "{a: 1}",
]
good_scalar = st.sampled_from(GOOD)
printable = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12)
any_scalar = st.one_of(
    *[good_scalar] * 3, st.sampled_from(NEAR_MISSES), printable, st.text(max_size=8)
)
NAMES = ["title", "site", "side", "at", "beats", "severity", "drug", "dose", "date"]
good_key = st.sampled_from([*NAMES, "a", "x_y", "a-b", "B2"])
any_key = st.one_of(
    *[good_key] * 3,
    st.sampled_from(["true", "Null", "1a", "é", "<<", "a b", "a:"]),
    st.text(max_size=6),
)


@st.composite
def front_matter(draw):
    """Half the time only shapes the fast reader reads; else near misses too."""
    noisy = draw(st.booleans())
    key = any_key if noisy else good_key
    scalar = any_scalar if noisy else good_scalar
    shapes = ["value", "list", "noise"] if noisy else ["value", "list"]
    lines = []
    for name in draw(st.lists(key, max_size=5, unique=True)):
        shape = draw(st.sampled_from(shapes))
        spaces = " " * draw(st.integers(1, 2))
        if shape == "value":
            lines.append(
                f"{name}:{spaces}{draw(scalar)}{draw(st.sampled_from(['', '  ']))}"
            )
        elif shape == "list":
            lines.append(f"{name}:")
            indent = " " * draw(st.sampled_from([0, 2, 4]))
            for _ in range(draw(st.integers(0, 3))):
                names = draw(st.lists(key, max_size=3, unique=True))
                inner = [f"{inner_name}: {draw(scalar)}" for inner_name in names]
                first = inner[0] if inner else draw(scalar)
                lines.append(f"{indent}- {first}")
                step = " " * (draw(st.sampled_from([2, 3, 4])) if noisy else 2)
                lines += [f"{indent}{step}{entry}" for entry in inner[1:]]
        else:
            noise = ["", "  ", "# note", "  # note", "-", "- ", "  x", "\t"]
            lines.append(draw(st.sampled_from(noise)))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


def typed(value):
    """``value`` with every type spelled out: ``1 == 1.0 == True`` no more."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


@settings(max_examples=600, deadline=None)
@given(front_matter())
def test_the_fast_reader_agrees_with_yaml(text):
    fast = load_simple(text, 3)
    try:
        slow = load_yaml(text, 3)
    except YamlProblem:
        assert fast is None
        return
    if fast is not None:
        assert typed(fast.data) == typed(slow.data)
        assert fast.lines == slow.lines


def test_the_fast_reader_reads_a_logged_post():
    text = (
        'title: "Day 3: stairs"\ndate: 2026-03-14 21:00\ntags: [clonus, cold]\n'
        "# today\nepisodes:\n  - at: 2026-03-14 07:40\n    beats: 12\n\n"
        "    triggers: [stairs]\n  - site: jaw\n    severity:\n"
        "medications:\n- drug: baclofen\n  dose: 10 mg\n"
    )
    fast = load_simple(text)
    assert fast is not None
    assert fast == load_yaml(text)
    assert fast.line("episodes", 1, "severity") == 11
