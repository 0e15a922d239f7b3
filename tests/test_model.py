"""The symptom-log model: derived medication periods, durations, private items."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from plugins.symptom_log.model import (
    MedicationChange,
    MedicationPeriod,
    derive_periods,
    read_log,
)

LONDON = ZoneInfo("Europe/London")
POST_DATE = datetime(2026, 3, 14, 21, 10, tzinfo=LONDON)


def log_of(meta):
    return read_log(meta, lambda *path: 1, path="p.md", post_date=POST_DATE, tz=LONDON)


def change(drug, kind, day, dose=None, from_drug=None):
    return ("p.md", MedicationChange(drug, kind, day, dose, from_drug=from_drug))


def test_changes_become_periods_with_a_switch_and_an_increase():
    periods, warnings = derive_periods(
        [
            change("tizanidine", "increase", date(2026, 7, 27), "4 mg"),
            change("baclofen", "start", date(2026, 2, 10), "10 mg"),
            change("tizanidine", "switch", date(2026, 6, 3), "2 mg", "baclofen"),
            change("baclofen", "increase", date(2026, 4, 1), "20 mg"),
        ]
    )
    assert warnings == []
    assert periods == [
        MedicationPeriod("baclofen", "10 mg", date(2026, 2, 10), date(2026, 4, 1)),
        MedicationPeriod("baclofen", "20 mg", date(2026, 4, 1), date(2026, 6, 3)),
        MedicationPeriod("tizanidine", "2 mg", date(2026, 6, 3), date(2026, 7, 27)),
        MedicationPeriod("tizanidine", "4 mg", date(2026, 7, 27), None),
    ]


def test_switch_without_from_ends_every_other_drug_and_stop_ends_one():
    periods, warnings = derive_periods(
        [
            change("baclofen", "start", date(2026, 1, 1), "5 mg"),
            change("tizanidine", "switch", date(2026, 2, 1), "2 mg"),
            change("tizanidine", "stop", date(2026, 3, 1)),
            change("gabapentin", "stop", date(2026, 3, 2)),
            change("diazepam", "as-needed", date(2026, 3, 5), "2 mg"),
        ]
    )
    assert [(p.drug, p.start, p.end) for p in periods] == [
        ("baclofen", date(2026, 1, 1), date(2026, 2, 1)),
        ("tizanidine", date(2026, 2, 1), date(2026, 3, 1)),
        ("diazepam", date(2026, 3, 5), None),
    ]
    assert periods[-1].as_needed
    assert warnings == [
        "p.md: gabapentin stopped on 2026-03-02 but no start was logged"
    ]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("25s", 25),
        ("3min", 180),
        ("1h", 3600),
        ("1h 30min", 5400),
        ("90 sec", 90),
        ("2 minutes", 120),
        ("1.5h", 5400),
    ],
)
def test_durations(text, seconds):
    log, problems = log_of({"episodes": [{"site": "ankle", "duration": text}]})
    assert problems == []
    assert log.episodes[0].duration.total_seconds() == seconds


def test_private_items_are_left_out_and_doubtful_ones_too():
    log, problems = log_of(
        {
            "episodes": [
                {"site": "ankle", "private": True, "severity": 11},
                {"site": "knee", "private": "yes"},
                {"site": "jaw", "private": False},
            ],
            "medications": [{"drug": "x", "change": "start", "private": True}],
            "visits": [{"date": "2026-03-01", "private": True}],
        }
    )
    assert [e.site for e in log.episodes] == ["jaw"]
    assert log.medications == () and log.visits == ()
    assert [p.message for p in problems] == ["must be true or false"]


def test_time_only_at_is_on_the_post_day_and_default_is_the_post_day():
    log, _ = log_of({"episodes": [{"at": "07:05"}, {}]})
    timed, untimed = log.episodes
    assert timed.at == datetime(2026, 3, 14, 7, 5, tzinfo=LONDON)
    assert untimed.at.date() == date(2026, 3, 14) and not untimed.time_known


def test_an_empty_log_is_falsy():
    log, problems = log_of({})
    assert not log and problems == []


def test_a_log_is_known_to_the_page_cache_by_every_value_in_it():
    meta = {
        "episodes": [{"site": "ankle", "beats": 14, "note": "Stairs."}],
        "medications": [{"drug": "baclofen", "change": "start", "dose": "10 mg"}],
        "ratings": {"spasticity": 6},
    }
    base = log_of(meta)[0].view_key()
    assert log_of(dict(meta))[0].view_key() == base
    changed = [
        {**meta, "episodes": [{"site": "ankle", "beats": 15, "note": "Stairs."}]},
        {**meta, "episodes": [{"site": "ankle", "beats": 14, "note": "Stairs!"}]},
        {**meta, "ratings": {"spasticity": 7}},
        {**meta, "visits": [{"date": "2026-03-10", "with": "neurologist"}]},
    ]
    keys = {log_of(other)[0].view_key() for other in changed}
    assert base not in keys and len(keys) == len(changed)
