"""The YAML loader keeps health data as written: no YAML 1.1 coercion."""

import pytest

from plugins.frontmatter_reader.safe_yaml import YamlProblem, load


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
