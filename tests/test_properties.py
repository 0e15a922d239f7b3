"""Property tests: random front matter is accepted or reported, never a crash."""

import re
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.common.text import xml_safe
from plugins.frontmatter_reader.edit import EditError, append_episode
from plugins.frontmatter_reader.post import parse_post
from plugins.symptom_log.model import SIDES, SITES

LONDON = ZoneInfo("Europe/London")
PROBLEM = re.compile(r"^post\.md:[1-9]\d*: [^:]+: .+$", re.DOTALL)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

tricky_text = st.sampled_from(
    [
        "12:30",
        "no",
        "on",
        "off",
        "yes",
        "~",
        "2026-02-30",
        "25s",
        "-3",
        "1e999",
        "0x10",
        "010",
        "!!python/object:os.system",
        "&a",
        "*a",
        "[",
        "{",
        "'",
        '"',
    ]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    tricky_text,
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "title",
        "date",
        "tags",
        "episodes",
        "medications",
        "visits",
        "ratings",
        "private",
        "status",
        "at",
        "site",
        "side",
        "beats",
        "severity",
        "dose",
        "change",
        "drug",
        "duration",
        "triggers",
        "summary",
    ]
)
episode_like = st.dictionaries(field_names, values, max_size=6)
front_matter = st.dictionaries(
    field_names, values | st.lists(episode_like, max_size=4), max_size=8
)


def assert_reported_or_accepted(text):
    post = parse_post(text, "post.md", LONDON)
    for problem in post.problems:
        assert PROBLEM.match(str(problem)), str(problem)
    if not post.errors and not post.private:
        assert isinstance(post.meta.get("title"), str)


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_front_matter_never_crashes(text):
    assert_reported_or_accepted(f"---\n{text}\n---\nbody\n")


@SETTINGS
@given(front_matter)
def test_random_structured_front_matter_never_crashes(data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert_reported_or_accepted(f"---\n{text}---\nbody\n")


words = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
episodes = st.fixed_dictionaries(
    {"at": st.sampled_from(["2026-03-21 07:40", "2026-03-21", "12:30"])},
    optional={
        "site": st.sampled_from(SITES),
        "side": st.sampled_from(SIDES),
        "beats": st.integers(0, 500),
        "severity": st.integers(0, 10),
        "triggers": st.lists(words, max_size=3),
        "note": words,
    },
)
POST = "---\ntitle: Today # a comment\ndate: 2026-03-21 08:00\n{rest}---\nBody\n"
RESTS = [
    "",
    "episodes:\n  - site: ankle\n",
    "episodes:\n- site: jaw\n# c\n",
    "episodes: []\ntags: [a]\n",
]


@SETTINGS
@given(episodes, st.sampled_from(RESTS))
def test_appending_any_episode_round_trips_or_is_refused(episode, rest):
    before = POST.format(rest=rest)
    try:
        after = append_episode(before, episode, "post.md", LONDON)
    except EditError:
        return  # refused: nothing to write, nothing lost
    old = parse_post(before, "post.md", LONDON)
    new = parse_post(after, "post.md", LONDON)
    assert new.errors == []
    assert len(new.log.episodes) == len(old.log.episodes) + 1
    added = new.log.episodes[-1]
    assert (added.site, added.side, added.beats, added.severity) == tuple(
        episode.get(key) for key in ("site", "side", "beats", "severity")
    )
    note = xml_safe(episode.get("note") or "").strip() or None
    assert added.note == note
    kept = [line for line in before.splitlines() if line != "episodes: []"]
    assert all(line in after.splitlines() for line in kept)
