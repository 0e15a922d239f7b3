"""Reading posts: fields, coercion, errors as path:line: field: problem."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plugins.frontmatter_reader.post import parse_post

FIXTURES = Path(__file__).parent / "fixtures"
LONDON = ZoneInfo("Europe/London")


def read(name, tz=LONDON):
    path = FIXTURES / name
    return parse_post(path.read_text(encoding="utf-8"), name, tz)


def test_full_log_is_read_into_plain_objects():
    post = read("valid/article_with_full_log.md")
    assert post.problems == []
    assert post.meta["title"] == "Stretching sets off the ankles again"
    assert post.meta["date"] == datetime(2026, 3, 14, 21, 10, tzinfo=LONDON)
    assert post.meta["tags"] == ["clonus", "tizanidine"]
    first, second = post.log.episodes
    assert (first.site, first.side, first.beats, first.severity) == (
        "ankle",
        "left",
        14,
        6,
    )
    assert first.duration == timedelta(seconds=25)
    assert first.triggers == ("stretching",)
    assert first.at == datetime(2026, 3, 14, 7, 40, tzinfo=LONDON)
    assert second.symptom == "clonus"
    assert (second.beats, second.severity, second.side) == (None, None, None)
    (change,) = post.log.medications
    assert (change.drug, change.change, change.dose, change.when) == (
        "tizanidine",
        "increase",
        "6 mg",
        "at night",
    )
    assert post.log.visits[0].with_ == "neurologist"
    assert post.log.ratings == {"spasticity": 6, "penn_frequency": 3}
    assert post.body.startswith("The calf stretch")
    assert post.body_line == 33


def test_yaml_1_1_surprises_do_not_corrupt_values():
    post = read("valid/article_coercion_cases.md")
    assert post.errors == []
    assert post.meta["title"] == "12:30"
    first, second = post.log.episodes
    assert first.at == datetime(2026, 4, 1, 12, 30, tzinfo=LONDON)
    assert first.time_known
    assert first.triggers == ("no", "on", "off", "yes")
    assert first.note == "no"
    assert first.side == "both"
    assert second.beats == 10
    assert not second.time_known


def test_dates_are_read_in_the_site_time_zone():
    tokyo = ZoneInfo("Asia/Tokyo")
    post = read("valid/article_with_full_log.md", tz=tokyo)
    assert post.meta["date"].tzinfo == tokyo
    assert post.log.episodes[0].at.utcoffset() == timedelta(hours=9)


def test_missing_is_never_zero():
    (episode,) = read("valid/article_missing_fields.md").log.episodes
    assert episode.site == "wrist"
    assert episode.symptom == "clonus"
    assert episode.at == datetime(2026, 6, 2, 0, 0, tzinfo=LONDON)
    assert not episode.time_known
    fields = (episode.beats, episode.severity, episode.duration, episode.side)
    assert fields == (None, None, None, None)


def test_unknown_site_and_symptom_are_kept_with_a_warning():
    post = read("valid/article_unknown_site.md")
    assert post.errors == []
    assert [str(p) for p in post.problems] == [
        "valid/article_unknown_site.md:7: symptom: 'twitching' is not a known "
        "symptom (clonus, spasm, cramp, stiffness, pain, tremor, weakness); kept",
        "valid/article_unknown_site.md:8: site: 'calf' is not a known site (jaw, "
        "neck, shoulder, elbow, wrist, hand, trunk, hip, knee, ankle, foot); kept",
    ]
    (episode,) = post.log.episodes
    assert (episode.symptom, episode.site) == ("twitching", "calf")


INVALID = sorted((FIXTURES / "invalid").glob("*.md"))


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_post_reports_path_line_field_problem(path):
    text = path.read_text(encoding="utf-8")
    expected = re.search(r"# expect: (.+)", text).group(1)
    post = parse_post(text, f"invalid/{path.name}", LONDON)
    messages = [str(problem) for problem in post.errors]
    assert any(m.startswith(f"invalid/{path.name}:{expected}") for m in messages), (
        messages
    )


def test_one_reader_reads_file_after_file_without_carrying_anything_over(tmp_path):
    """The reader keeps its Markdown between files: nothing may leak across."""
    from pelican.settings import DEFAULT_CONFIG

    from plugins.frontmatter_reader.reader import FrontMatterReader

    files = {
        "a.md": "---\ntitle: A\ndate: 2026-03-01\n---\nText[^1].\n\n[^1]: Note A.\n",
        "b.md": "Title: B\nDate: 2026-03-02\nMood: low\n\nPlain[^2].\n\n[^2]: B.\n",
        "c.md": "---\ntitle: C\ndate: 2026-03-03\n---\nNothing more.\n",
        "d.md": "Title: D\nDate: 2026-03-04\n\nLast.\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = dict(DEFAULT_CONFIG, TIMEZONE="Europe/London")
    reader = FrontMatterReader(settings)
    read = {name: reader.read(str(tmp_path / name)) for name in files}
    assert "Note A" in read["a.md"][0]
    assert "Note A" not in read["b.md"][0] and "B." in read["b.md"][0]
    assert "footnote" not in read["c.md"][0]
    assert read["b.md"][1]["mood"] == "low"
    assert "mood" not in read["d.md"][1]
    assert [read[name][1]["title"] for name in files] == ["A", "B", "C", "D"]
